import Dispatch
import Foundation
import Glibc
import RaccoonTestSupport
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// Following the host's addresses (rtnetlink): the notification parser, and the daemon opening and closing its
/// IKE sockets on real loopback addresses when the address list changes.
@Suite("Address changes", .serialized)
struct AddressChangeTests {
    /// One netlink message: nlmsghdr (length, type, flags, seq, pid; host order) and `body`.
    static func message(type: UInt16, body: [UInt8] = [UInt8](repeating: 0, count: 8), length: UInt32? = nil) -> [UInt8] {
        var bytes = [UInt8]()
        withUnsafeBytes(of: length ?? UInt32(16 + body.count)) { bytes += $0 }
        withUnsafeBytes(of: type) { bytes += $0 }
        bytes += [0, 0] + [UInt8](repeating: 0, count: 8)
        return bytes + body
    }

    @Test func newAndDeletedAddressesAreChanges() {
        #expect(AddressNotification.reportsChange(Self.message(type: 20)))
        #expect(AddressNotification.reportsChange(Self.message(type: 21)))
        // A link message (RTM_NEWLINK) alone is not; after it in the same read, an address message is.
        #expect(!AddressNotification.reportsChange(Self.message(type: 16)))
        #expect(AddressNotification.reportsChange(Self.message(type: 16) + Self.message(type: 21)))
        // Padding after a message (NLMSG_ALIGN) is not a change; nothing at all is not either.
        #expect(!AddressNotification.reportsChange(Self.message(type: 16, body: [1, 2, 3, 4, 5]) + [0, 0, 0]))
        #expect(!AddressNotification.reportsChange([]))
    }

    @Test func malformedBuffersCountAsChanges() {
        // A length past the buffer, a length shorter than the header, a truncated header alone.
        #expect(AddressNotification.reportsChange(Self.message(type: 16, length: 4096)))
        #expect(AddressNotification.reportsChange(Self.message(type: 16, length: 8)))
        #expect(AddressNotification.reportsChange([1, 2, 3]))
    }

    @Test func theRouteNetlinkSocketOpensAndIsQuietWithoutChanges() throws {
        let socket = try AddressChangeSocket()
        defer { socket.close() }
        #expect(socket.fileDescriptor >= 0)
        #expect(try socket.drainChanges() == false)
    }

    @Test("an address that appears gets a socket, one that goes away loses it")
    func daemonFollowsTheAddressList() throws {
        let directory = TemporaryDirectory()
        let config = testConfiguration(directory: directory, port: nil)
        let port = try freeUDPPort()
        let addresses = LockedAddresses([.v4(127, 0, 0, 1)])
        var environment = testEnvironment(recorder: EnvironmentRecorder(), adminSocket: nil)
        environment.localAddresses = { () throws(SystemCallError) in addresses.value }
        var options = CommandLineOptions()
        options.configurationPath = config
        options.foreground = true
        options.isakmpPort = port
        let loop = EventLoop(label: "address-change-test")
        let daemon = try RaccoonDaemon.start(options: options, environment: environment, loop: loop, detach: false)
        defer { loop.queue.sync { daemon.shutdown() } }
        func listening() -> [String] { loop.queue.sync { daemon.driver.sockets.sockets.map { "\($0.local)" } } }
        #expect(listening() == ["127.0.0.1[\(port)]"])

        addresses.value = [.v4(127, 0, 0, 1), .v4(127, 0, 0, 2)]
        loop.queue.sync { daemon.addressesChanged() }
        #expect(listening() == ["127.0.0.1[\(port)]", "127.0.0.2[\(port)]"])
        // The new socket is bound for real: a second bind of the same endpoint fails.
        #expect(throws: SocketOpenError.self) {
            try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 2), port: port), bypassPolicy: false)
        }

        addresses.value = [.v4(127, 0, 0, 2)]
        loop.queue.sync { daemon.addressesChanged() }
        #expect(listening() == ["127.0.0.2[\(port)]"])
        // The removed one is closed once its read source is cancelled: the endpoint can be bound again.
        var rebound: UDPSocket?
        for _ in 0..<50 where rebound == nil {
            rebound = try? UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: port), bypassPolicy: false)
            if rebound == nil { usleep(20_000) }
        }
        #expect(rebound != nil)
        rebound?.close()
    }
}

/// The address list the test changes while the daemon's loop reads it.
final class LockedAddresses: @unchecked Sendable {
    private let lock = NSLock()
    private var addresses: [IPAddress]
    init(_ addresses: [IPAddress]) { self.addresses = addresses }
    var value: [IPAddress] {
        get { lock.withLock { addresses } }
        set { lock.withLock { addresses = newValue } }
    }
}
