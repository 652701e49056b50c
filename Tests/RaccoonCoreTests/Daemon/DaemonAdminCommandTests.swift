import Foundation
import Glibc
import IKECrypto
import PFKeyListener
import RaccoonTestSupport
import SELinuxPolicy
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// establish-sa, vpn-connect, delete-sa and vpn-disconnect through the real admin socket, to a daemon running the
/// real engine on an in-memory kernel.
@Suite("Admin commands over the admin socket (real engine, in-memory kernel)", .serialized)
struct DaemonAdminCommandTests {
    private func send(_ words: String..., to path: String) throws -> AdminResponse {
        try AdminClient.send(AdminRequest(arguments: words), to: path)
    }

    @Test("establish-sa, vpn-connect, delete-sa and vpn-disconnect reach the engine and answer")
    func commands() throws {
        let directory = TemporaryDirectory()
        let port = try freeUDPPort()
        let config = testConfiguration(directory: directory, port: port)
        let kernel = InMemoryKernel()
        // The walkthrough's outbound and inbound host-to-host policies between 127.0.0.1 and 127.0.0.2.
        let local = IPAddress.v4(127, 0, 0, 1)
        let peer = IPAddress.v4(127, 0, 0, 2)
        addTransportPolicies(kernel, me: local, peer: peer)
        let adminPath = directory.path + "/raccoon.sock"
        let environment = realEngineEnvironment(kernel: kernel, random: SeededRandom(seed: 7), adminSocket: adminPath)
        let loop = EventLoop(label: "daemon-admin-commands")
        let daemon = try RaccoonDaemon.start(
            options: foregroundOptions(configurationPath: config), environment: environment, loop: loop, detach: false)
        defer { loop.queue.sync { daemon.shutdown() } }

        let established = try send("establish-sa", "isakmp", "inet", "127.0.0.1", "127.0.0.2", to: adminPath)
        #expect(established.ok)
        // Phase 1 leaves from our listen socket's port (the config's), to the peer's 500.
        #expect(established.text.hasPrefix("initiated phase 1 127.0.0.1[\(port)]<=>127.0.0.2[500]"))
        #expect(try send("show-sa", "isakmp", to: adminPath).text.contains("127.0.0.2[500]"))
        // vpn-connect finds 127.0.0.1 as the kernel's source towards 127.0.0.2, where phase 1 is under way.
        let connect = try send("vpn-connect", "127.0.0.2", to: adminPath)
        #expect(connect.ok && connect.text.contains("already being negotiated"))
        // establish-sa esp finds the outbound policy and queues its Quick Mode behind that phase 1.
        let esp = try send("establish-sa", "esp", "inet", "127.0.0.1", "127.0.0.2", "any", to: adminPath)
        #expect(esp.ok && esp.text.hasSuffix("(phase 1 first)"))
        let none = try send("establish-sa", "esp", "inet", "127.0.0.1", "127.0.0.3", "any", to: adminPath)
        #expect(!none.ok && none.text.contains("no outbound IPsec policy covers"))
        #expect(loop.queue.sync { daemon.status().engine.pendingPhase2 } == 1)

        let disconnect = try send("vpn-disconnect", "127.0.0.2", to: adminPath)
        #expect(disconnect.ok && disconnect.text == "deleted 1 ISAKMP SA(s) and 0 IPsec SA pair(s) with 127.0.0.2")
        let status = loop.queue.sync { daemon.status().engine }
        #expect(status.isakmpSAs.isEmpty && status.pendingPhase2 == 0)
        let gone = try send("delete-sa", "isakmp", "inet", "127.0.0.1", "127.0.0.2", to: adminPath)
        #expect(!gone.ok && gone.text == "no ISAKMP-SA between 127.0.0.1 and 127.0.0.2")
        let unknown = try send("vpn-disconnect", "127.0.0.2", to: adminPath)
        #expect(!unknown.ok && unknown.text == "no SA with 127.0.0.2")
    }
}
