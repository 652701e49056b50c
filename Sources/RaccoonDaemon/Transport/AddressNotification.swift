internal import RaccoonCore

/// What one read from the rtnetlink address groups says (rtnetlink(7)): the daemon only needs to know whether an
/// interface address appeared or went away, and then lists the addresses again with `getifaddrs`.
///
/// The buffer comes from the kernel, but it is read as hostile input: every `nlmsghdr` length is checked against
/// the bytes that remain, and a short or overlong header ends the walk (netlink(7)).
public enum AddressNotification {
    /// `RTM_NEWADDR` (20) and `RTM_DELADDR` (21), `<linux/rtnetlink.h>`.
    static let newAddress: UInt16 = 20
    static let deleteAddress: UInt16 = 21
    /// `sizeof(struct nlmsghdr)`.
    static let headerLength = 16

    /// Whether the messages in `bytes` (one `recv` from the socket) report an address added or removed. A
    /// malformed buffer counts as a change: listing the addresses again is always safe.
    public static func reportsChange(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        var sawMessage = false
        while bytes.count - offset >= headerLength {
            let length = Int(readUInt32(bytes, at: offset))
            let type = readUInt16(bytes, at: offset + 4)
            guard length >= headerLength, length <= bytes.count - offset else { return true }
            if type == newAddress || type == deleteAddress { return true }
            sawMessage = true
            // NLMSG_ALIGN: messages start on 4-byte boundaries.
            offset += (length + 3) & ~3
        }
        // Trailing bytes shorter than a header are malformed unless they are padding after a message.
        return offset < bytes.count && !sawMessage
    }

    /// Netlink headers are in host byte order.
    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
    }

    private static func readUInt16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt16.self) }
    }
}
