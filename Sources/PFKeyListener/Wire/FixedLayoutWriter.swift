/// Appends the kernel's fixed-layout structures in host byte order, as PF_KEY (RFC 2367 §2) and netlink
/// (netlink(7), <linux/xfrm.h>) both read them; `SADBWriter` and XFRMNetlink's `WireWriter` are this type.
package struct FixedLayoutWriter {
    package private(set) var bytes: [UInt8] = []

    package init(reservingCapacity capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    package var count: Int { bytes.count }

    package mutating func write(_ value: UInt8) { bytes.append(value) }

    /// A host-order (little-endian on x86-64 and arm64) integer of `T`'s width. Appended byte by byte: appending
    /// the integer's raw bytes as a collection cost a quarter of PF_KEY's serialisation time (`raccoon-bench sadb`).
    package mutating func write<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: 0, to: T.bitWidth, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    /// A network-order integer: ports (`__be16`) and SPIs (`__be32`).
    package mutating func writeBigEndian<T: FixedWidthInteger>(_ value: T) {
        for shift in stride(from: T.bitWidth - 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> shift))
        }
    }

    package mutating func write<C: Collection>(bytes other: C) where C.Element == UInt8 { bytes.append(contentsOf: other) }

    package mutating func writeZeros(_ count: Int) {
        if count > 0 { bytes.append(contentsOf: repeatElement(0, count: count)) }
    }

    /// Pads with zeros to a multiple of `alignment` (`PFKEY_ALIGN8`, `NLMSG_ALIGN`, `NLA_ALIGN`).
    package mutating func align(to alignment: Int) {
        let rest = bytes.count % alignment
        if rest != 0 { writeZeros(alignment - rest) }
    }

    /// Overwrites a host-order integer at `offset` (used to patch lengths once the body is written).
    package mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }

    /// Zeroes the buffer (it may hold keys) and empties it.
    package mutating func wipe() {
        for index in bytes.indices { bytes[index] = 0 }
        bytes.removeAll()
    }
}
