/// Names what a `FixedLayoutReader` reads, for the error it throws when a field runs past the end: an SADB
/// extension (`SADBReader`) or an XFRM netlink structure (`WireReader` in XFRMNetlink).
package protocol FixedLayoutSubject {
    /// The error a truncated read throws.
    associatedtype Failure: Error
    /// The error for a read of `needed` bytes where `available` are left.
    func truncated(needed: Int, available: Int) -> Failure
}

/// A bounded reader over the kernel's fixed-layout structures, in host byte order as PF_KEY (RFC 2367 §2:
/// "host byte order") and netlink (netlink(7), <linux/xfrm.h>) both write them, with the few network-order fields
/// (ports, SPIs) read explicitly.
///
/// Every read checks the bound and throws the subject's error instead of trapping: the bytes are hostile input.
package struct FixedLayoutReader<Subject: FixedLayoutSubject> {
    private let bytes: ArraySlice<UInt8>
    /// The next byte to read, an index into the slice given to `init`.
    package private(set) var index: Int
    /// What is being read, for errors.
    package let subject: Subject

    /// A reader over `bytes`.
    package init(_ bytes: ArraySlice<UInt8>, subject: Subject) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.subject = subject
    }

    /// The bytes not read yet.
    package var remaining: Int { bytes.endIndex - index }

    /// Throws unless at least `count` bytes are left.
    package func require(_ count: Int) throws(Subject.Failure) {
        guard count >= 0, count <= remaining else { throw subject.truncated(needed: count, available: remaining) }
    }

    private mutating func take(_ count: Int) throws(Subject.Failure) -> Int {
        try require(count)
        defer { index += count }
        return index
    }

    package mutating func readUInt8() throws(Subject.Failure) -> UInt8 { bytes[try take(1)] }

    /// A host-order (little-endian on x86-64 and arm64) 16-bit value.
    package mutating func readUInt16() throws(Subject.Failure) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    package mutating func readUInt32() throws(Subject.Failure) -> UInt32 {
        let at = try take(4)
        var value: UInt32 = 0
        for offset in (0..<4).reversed() { value = value << 8 | UInt32(bytes[at + offset]) }
        return value
    }

    package mutating func readInt32() throws(Subject.Failure) -> Int32 { Int32(bitPattern: try readUInt32()) }

    package mutating func readUInt64() throws(Subject.Failure) -> UInt64 {
        let at = try take(8)
        var value: UInt64 = 0
        for offset in (0..<8).reversed() { value = value << 8 | UInt64(bytes[at + offset]) }
        return value
    }

    /// A network-order 16-bit value: ports inside sockaddrs and selectors (`__be16`), NAT-T ports.
    package mutating func readUInt16BigEndian() throws(Subject.Failure) -> UInt16 {
        let at = try take(2)
        return UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }

    /// A network-order 32-bit value: SPIs (`__be32 sadb_sa_spi`, `xfrm_id.spi`).
    package mutating func readUInt32BigEndian() throws(Subject.Failure) -> UInt32 {
        let at = try take(4)
        return UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// The next `count` bytes, as a slice of the input (no copy: key bytes must not be left in a stray array).
    package mutating func readBytes(_ count: Int) throws(Subject.Failure) -> ArraySlice<UInt8> {
        let at = try take(count)
        return bytes[at..<at + count]
    }

    package mutating func skip(_ count: Int) throws(Subject.Failure) { _ = try take(count) }

    /// A reader over the next `count` bytes, about the same subject; this one advances past them.
    package mutating func subReader(_ count: Int) throws(Subject.Failure) -> FixedLayoutReader {
        FixedLayoutReader(try readBytes(count), subject: subject)
    }

    /// The unread bytes, without consuming them.
    package func peekRemaining() -> ArraySlice<UInt8> { bytes[index...] }
}
