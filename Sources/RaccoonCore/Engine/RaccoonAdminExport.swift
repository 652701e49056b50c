// The admin protocol (requests, replies, commands, status), IPAddress and SystemCallError live in RaccoonAdmin so
// that raccoonctl links them without the engine; the engine and its users see them through RaccoonCore.
@_exported public import RaccoonAdmin

/// The engine's address type (declared in RaccoonAdmin). Declared here too so that it wins over ConfParser's
/// `IPAddress` in files importing both, as it did when it lived in this module.
public typealias IPAddress = RaccoonAdmin.IPAddress
