public import IPAddressing
public import PosixBasement

/// What `LocalAddresses.source(toward:)` found: the address the kernel sends from towards a destination, and whether
/// the probe socket went without IKE's bypass policy (then the kernel may have checked, and logged, the probe's flow
/// against an IPsec policy).
public struct SourceAddressProbe: Sendable, CustomStringConvertible {
    /// The local address of the route.
    public let address: IPAddress
    /// Why the bypass policy was refused (EPERM without CAP_NET_ADMIN), or `nil` when the probe had it.
    public let bypassRefused: SystemCallError?

    public var description: String {
        bypassRefused.map { "\(address) (no bypass policy: \($0))" } ?? "\(address)"
    }
}
