/// A datagram receive buffer for the kernel's key-management sockets. Keys pass through it (SADB_GET replies, XFRM
/// state dumps), so every datagram is wiped as soon as it is copied out, and the whole buffer when it is freed.
package final class ReceiveBuffer {
    private let storage: UnsafeMutableRawBufferPointer

    /// A buffer of `byteCount` bytes.
    package init(byteCount: Int) {
        storage = .allocate(byteCount: byteCount, alignment: 8)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        storage.deallocate()
    }

    /// The buffer's size: the longest datagram it holds whole.
    package var count: Int { storage.count }

    /// Receives one datagram from `fd` (MSG_TRUNC: the real length, which may exceed `count`); nil when none is
    /// waiting.
    package func receive(from fd: Int32) throws(SystemCallError) -> Int? {
        try Posix.receive(fd, into: storage)
    }

    /// The first `length` bytes received, copied out; the buffer's copy is wiped. Nil when the datagram did not fit
    /// (it is wiped too).
    package func take(_ length: Int) -> [UInt8]? {
        let region = UnsafeMutableRawBufferPointer(rebasing: storage[0..<min(length, storage.count)])
        defer { region.initializeMemory(as: UInt8.self, repeating: 0) }
        guard length <= storage.count else { return nil }
        return Array(region)
    }
}
