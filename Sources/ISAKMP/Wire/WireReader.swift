/// A bounded, big-endian reader over the bytes of one ISAKMP datagram.
///
/// ISAKMP is network byte order (RFC 2408 §3). A reader never reads past its `endIndex`: every nested structure
/// (payload, proposal, transform, attribute) is read through ``readSubReader(length:)``, so a child can never read
/// past its parent. A short read throws ``ISAKMPParseError/truncated``: Raccoon reads whole UDP datagrams, so a
/// short read is malformed input, never "wait for more".
public struct WireReader: Sendable {
    let storage: [UInt8]
    /// The index of the next byte to read, in the underlying storage.
    public private(set) var readerIndex: Int
    /// One past the last byte this reader may read.
    public let endIndex: Int

    /// A reader over all of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.storage = bytes
        self.readerIndex = 0
        self.endIndex = bytes.count
    }

    /// A reader over the bytes of `slice` (copied into a new array).
    public init(_ slice: ArraySlice<UInt8>) {
        self.init(Array(slice))
    }

    init(storage: [UInt8], start: Int, end: Int) {
        self.storage = storage
        self.readerIndex = start
        self.endIndex = end
    }

    /// The number of bytes left to read.
    public var remaining: Int { endIndex - readerIndex }

    /// True when every byte has been read.
    public var isAtEnd: Bool { readerIndex >= endIndex }

    /// Reads a big-endian integer of type `T`.
    public mutating func readInteger<T: FixedWidthInteger & UnsignedInteger>(
        as type: T.Type = T.self
    ) throws(ISAKMPParseError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated }
        var value: T = 0
        var index = readerIndex
        let end = index + size
        while index < end {
            value = (value << 8) | T(storage[index])
            index += 1
        }
        readerIndex = end
        return value
    }

    /// Reads a big-endian integer of type `T` without consuming it.
    public func peekInteger<T: FixedWidthInteger & UnsignedInteger>(
        as type: T.Type = T.self
    ) throws(ISAKMPParseError) -> T {
        var copy = self
        return try copy.readInteger(as: T.self)
    }

    /// Reads exactly `count` bytes.
    public mutating func readBytes(count: Int) throws(ISAKMPParseError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .truncated }
        let start = readerIndex
        readerIndex += count
        return Array(storage[start..<readerIndex])
    }

    /// Reads every byte that is left.
    public mutating func readRemainingBytes() -> [UInt8] {
        guard readerIndex < endIndex else { return [] }
        let start = readerIndex
        readerIndex = endIndex
        return Array(storage[start..<endIndex])
    }

    /// Skips `count` bytes.
    public mutating func skip(_ count: Int) throws(ISAKMPParseError) {
        guard count >= 0, remaining >= count else { throw .truncated }
        readerIndex += count
    }

    /// Returns a reader bounded to the next `length` bytes and moves past them.
    ///
    /// Used for every nested structure, so that the child cannot read past the length its header claims, and that
    /// length cannot run past the parent.
    public mutating func readSubReader(length: Int) throws(ISAKMPParseError) -> WireReader {
        guard length >= 0, remaining >= length else { throw .truncated }
        let sub = WireReader(storage: storage, start: readerIndex, end: readerIndex + length)
        readerIndex += length
        return sub
    }

    /// The bytes between `start` (an earlier ``readerIndex``) and the current position.
    public func bytes(from start: Int) -> [UInt8] {
        guard start >= 0, start <= readerIndex else { return [] }
        return Array(storage[start..<readerIndex])
    }

    /// The bytes not yet read, without consuming them.
    public var remainingBytes: ArraySlice<UInt8> { storage[readerIndex..<endIndex] }
}
