import Glibc
import Testing
@testable import PFKeyListener
@testable import XFRMNetlink

/// XFRMSocket against the real kernel of the machine running the tests, read-only: nothing is added to or removed
/// from the host's databases (scripts/xfrm-host-test.sh changes them, inside network namespaces).
@Suite("XFRM socket (real kernel, read-only)", .enabled(if: geteuid() == 0, "XFRM netlink needs CAP_NET_ADMIN"))
struct XFRMSocketTests {
    @Test func registerIsAnsweredAtOnceAndTheSPDDumps() throws {
        let socket = try XFRMSocket()
        defer { socket.close() }
        #expect(socket.interfaceName == "XFRM" && socket.fileDescriptors.count == 2)
        #expect(socket.sha256ICVBits == 128, "the ICV the translator installs, which -K's rows must name")
        #expect(socket.pid != 0, "the kernel assigned a port id")
        let session = KernelSession(channel: socket)
        try session.send(session.requests.register(.esp, sequence: 1))
        // No descriptor announces the translator's own answer: the channel says it holds one.
        #expect(socket.hasQueuedInput)
        guard case .message(let reply)? = try session.receive() else {
            Issue.record("no REGISTER reply")
            return
        }
        #expect(reply.message.type == .register && reply.message.sequence == 1)
        #expect(reply.message.supportedAuth?.algorithms.contains { $0.identifier == SADBAuthenticationAlgorithm.hmacSHA256.rawValue } == true)
        // A real round trip: the SPD dump (ENOENT, an empty list, when the host has no policy).
        let load = try session.loadSecurityPolicies(timeout: .seconds(10))
        #expect(load.changes.allSatisfy { if case .rejected = $0 { false } else { true } })
    }

    @Test func aMissingSAIsTheKernelsESRCH() throws {
        let socket = try XFRMSocket()
        defer { socket.close() }
        let session = KernelSession(channel: socket)
        // SPI 0x7ead0001 towards TEST-NET-1 (RFC 5737): no such SA exists.
        var get = session.requests.delete(.esp, spi: 0x7ead_0001, source: IPAddress("192.0.2.1")!,
                                          destination: IPAddress("192.0.2.2")!, sequence: 7)
        get.type = .get
        let error = #expect(throws: PFKeyError.self) { try session.request(get, timeout: .seconds(10)) }
        #expect(error == .requestFailed(request: .get, errno: UInt8(ESRCH)))
    }
}
