import InMemoryLogging
import Logging
import PFKeyListener
import RaccoonTestSupport
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// PF_KEY cannot say how long an ICV is, and Linux installs HMAC-SHA-256 with 96 bits there: the driver says so
/// once per SA pair (at the outbound SADB_ADD), and never for other algorithms or other interfaces.
@Suite("HMAC-SHA-256 over PF_KEY is warned about")
struct PFKeyTruncationWarningTests {
    /// A channel that is the in-memory kernel under another interface name (as XFRMSocket calls itself).
    final class RenamedKernel: KernelChannel {
        let inner = InMemoryKernel()
        let interfaceName: String
        init(interfaceName: String) { self.interfaceName = interfaceName }
        // As XFRMSocket: 128 bits over XFRM.
        var sha256ICVBits: Int { interfaceName == "XFRM" ? 128 : 96 }
        var pid: UInt32 { inner.pid }
        func send(bytes: [UInt8]) throws(PFKeyError) { try inner.send(bytes: bytes) }
        func receiveBytes() throws(PFKeyError) -> [UInt8]? { try inner.receiveBytes() }
        func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool { try inner.waitUntilReadable(timeout: timeout) }
    }

    func warnings(interface: String, auth: SADBAuthenticationAlgorithm, type: SADBMessageType) throws -> [String] {
        let log = InMemoryLogHandler()
        let loop = EventLoop(label: "pfkey-truncation")
        let driver = Driver(
            engine: RecordingEngine(), sockets: try IKESocketSet(endpoints: [], bypassPolicy: false),
            kernel: KernelSession(channel: RenamedKernel(interfaceName: interface)), loop: loop,
            logger: Logger(label: "test") { _ in log })
        let installation = SAInstallation(
            saType: .esp, spi: 0x100, source: IPAddress("10.0.0.1")!, destination: IPAddress("10.0.0.2")!,
            mode: .transport, reqid: 0, authAlgorithm: auth, encryptionAlgorithm: .aesCBC,
            authKey: KeyBytes([UInt8](repeating: 1, count: 32)), encryptionKey: KeyBytes([UInt8](repeating: 2, count: 16)),
            lifetimeSeconds: 60)
        let builder = SADBRequestBuilder(pid: 1)
        let message = type == .add ? builder.add(installation, sequence: 1) : builder.update(installation, sequence: 1)
        loop.queue.sync { driver.execute([.kernel(message)]) }
        return log.entries.filter { $0.level == .warning }.map { "\($0.message)" }
    }

    @Test func sha256OverPFKeyAtTheOutboundSA() throws {
        let lines = try warnings(interface: "PF_KEY", auth: .hmacSHA256, type: .add)
        #expect(lines.count == 1)
        #expect(lines.first?.contains("96-bit ICV for 10.0.0.2") == true && lines.first?.contains("sha256_96") == true)
    }

    @Test func notForTheInboundSAOtherAlgorithmsOrXFRM() throws {
        #expect(try warnings(interface: "PF_KEY", auth: .hmacSHA256, type: .update).isEmpty)
        #expect(try warnings(interface: "PF_KEY", auth: .hmacSHA1, type: .add).isEmpty)
        #expect(try warnings(interface: "XFRM", auth: .hmacSHA256, type: .add).isEmpty)
    }
}
