public import RaccoonAdmin

/// The daemon's address type is the engine's (declared in RaccoonAdmin); declared here so that it wins over
/// ConfParser's `IPAddress` in files importing both.
public typealias IPAddress = RaccoonAdmin.IPAddress
