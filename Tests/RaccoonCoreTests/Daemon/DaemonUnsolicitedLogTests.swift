import Glibc
import IKECrypto
import InMemoryLogging
import RaccoonTestSupport
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// The log rate limit for unsolicited datagrams in the whole daemon: real engine, real UDP socket on loopback.
@Suite("Daemon: unsolicited datagrams on a real socket", .serialized)
struct DaemonUnsolicitedLogTests {
    @Test("a burst of malformed datagrams logs one info line; the rest go out at debug")
    func malformedBurst() throws {
        let directory = TemporaryDirectory()
        let port = try freeUDPPort()
        let config = testConfiguration(directory: directory, port: port, extra: "log debug;")
        let log = InMemoryLogHandler()
        var environment = realEngineEnvironment(kernel: InMemoryKernel(), random: SystemRandom(), adminSocket: nil)
        // The level the daemon chose from racoon.conf's `log debug;`, as its own handlers get it.
        environment.makeLogHandler = { destination, _ in
            var handler = log
            handler.logLevel = destination.level.loggerLevel
            return handler
        }
        let loop = EventLoop(label: "unsolicited-log-test")
        let daemon = try RaccoonDaemon.start(
            options: foregroundOptions(configurationPath: config), environment: environment, loop: loop, detach: false)
        defer { loop.queue.sync { daemon.shutdown() } }

        let sender = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
        defer { sender.close() }
        let burst = 100
        for index in 0..<burst {
            try sender.send(Datagram(
                local: sender.local, remote: Endpoint(address: .v4(127, 0, 0, 1), port: port),
                bytes: [UInt8(index), 2, 3]))
        }
        func lines() -> [InMemoryLogHandler.Entry] {
            loop.queue.sync { log.entries.filter { "\($0.message)".hasPrefix("dropped a malformed ISAKMP datagram") } }
        }
        for _ in 0..<400 where lines().count < burst { usleep(5000) }
        let dropped = lines()
        #expect(dropped.count == burst)
        // One line per second at info: a burst on loopback takes milliseconds, so one (two if it straddles a second).
        let shown = dropped.filter { $0.level == .info }
        #expect(shown.count >= 1 && shown.count <= 2)
        #expect(dropped.filter { $0.level == .debug }.count == burst - shown.count)
    }
}
