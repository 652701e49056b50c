// The admin protocol's addresses are IPAddressing's, the one address type; raccoonctl sees it through this module.
@_exported public import IPAddressing
