/// How the daemon reaches the kernel's IPsec databases (Raccoon extension `kernel_interface`, and `raccoon
/// --kernel=`): PF_KEY v2 (RFC 2367, `af_key`), XFRM netlink (`xfrm_user`), or the first that opens.
public enum KernelInterface: String, Hashable, Sendable, CaseIterable {
    /// PF_KEY when an `AF_KEY` socket opens, XFRM netlink otherwise (the default).
    case automatic = "auto"
    /// PF_KEY only.
    case pfkey
    /// XFRM netlink only.
    case xfrm
}
