internal import PFKeyListener

/// A bounded reader over host-byte-order netlink structures (netlink(7), <linux/xfrm.h>); a read past the end
/// throws `XFRMWireError.structureTruncated` naming the structure.
typealias WireReader = FixedLayoutReader<XFRMStructure>

/// Appends host-byte-order netlink structures.
typealias WireWriter = FixedLayoutWriter

/// The structure a `WireReader` reads (`xfrm_usersa_info`, `nlmsghdr`, an attribute's type).
struct XFRMStructure: FixedLayoutSubject {
    let name: String

    func truncated(needed: Int, available: Int) -> XFRMWireError {
        .structureTruncated(name, needed: needed, available: available)
    }
}

extension FixedLayoutReader where Subject == XFRMStructure {
    /// A reader over `bytes`, which hold the structure `structure`.
    init(_ bytes: ArraySlice<UInt8>, structure: String) {
        self.init(bytes, subject: XFRMStructure(name: structure))
    }
}
