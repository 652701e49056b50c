// The admin protocol (requests, replies, commands, status) and SystemCallError live in RaccoonAdmin so that
// raccoonctl links them without the engine; the engine and its users see them through RaccoonCore. The address
// type is IPAddressing's, which RaccoonAdmin re-exports.
@_exported public import RaccoonAdmin
