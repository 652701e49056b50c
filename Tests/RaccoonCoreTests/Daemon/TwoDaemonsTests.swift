import Foundation
import Glibc
import IKECrypto
import PFKeyListener
import RaccoonTestSupport
import SELinuxPolicy
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// Two whole daemons (real engine, real UDP on loopback, in-memory kernels: what `raccoon --kernel=memory` runs)
/// negotiate in one test process, the first started by an ACQUIRE from its kernel.
@Suite("Two daemons on loopback (in-memory kernels)", .serialized)
struct TwoDaemonsTests {
    struct Host {
        let daemon: RaccoonDaemon
        let kernel: InMemoryKernel
        let loop: EventLoop
    }

    static func start(
        name: String, me: IPAddress, port: UInt16, peer: IPAddress, peerPort: UInt16, directory: TemporaryDirectory,
        adminSocket: String? = nil
    ) throws -> Host {
        let psk = directory.write("psk-\(name).txt", "\(peer) secret\n", mode: 0o600)
        let config = directory.write(
            "racoon-\(name).conf",
            """
            path pre_shared_key "\(psk)";
            path pidfile "\(directory.path)/raccoon-\(name).pid";
            listen { isakmp \(me) [\(port)]; }
            remote \(peer) [\(peerPort)] {
                exchange_mode main;
                proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
            }
            sainfo anonymous {
                pfs_group 2; encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate;
            }
            """)
        let kernel = InMemoryKernel()
        addTransportPolicies(kernel, me: me, peer: peer)
        let environment = realEngineEnvironment(kernel: kernel, random: SystemRandom(), adminSocket: adminSocket)
        let loop = EventLoop(label: "two-daemons-\(name)")
        let daemon = try RaccoonDaemon.start(
            options: foregroundOptions(configurationPath: config), environment: environment, loop: loop, detach: false)
        return Host(daemon: daemon, kernel: kernel, loop: loop)
    }

    /// A packet from A to B: the kernel queues an ACQUIRE; an in-memory kernel has no descriptor to wake the loop,
    /// so the test hands it over. Everything after that runs on the daemons' own loops (datagrams, GETSPI, UPDATE
    /// and ADD replies). True once both kernels hold the SA pair (at most 5 s).
    static func negotiate(from hostA: Host, _ a: IPAddress, to hostB: Host, _ b: IPAddress) -> Bool {
        hostA.loop.queue.sync {
            _ = hostA.kernel.injectOutboundPacket(source: a, destination: b)
            hostA.daemon.driver.drainKernel()
        }
        for _ in 0..<250 {
            usleep(20_000)
            let installedA = hostA.loop.queue.sync { hostA.kernel.installed.count }
            let installedB = hostB.loop.queue.sync { hostB.kernel.installed.count }
            if installedA == 2 && installedB == 2 { return true }
        }
        return false
    }

    @Test("an ACQUIRE in A ends with the same SA pair in both in-memory kernels")
    func negotiate() throws {
        let directory = TemporaryDirectory()
        let (a, b) = (IPAddress.v4(127, 0, 0, 1), IPAddress.v4(127, 0, 0, 2))
        let (portA, portB) = (try freeUDPPort(), try freeUDPPort())
        let hostA = try Self.start(name: "a", me: a, port: portA, peer: b, peerPort: portB, directory: directory)
        defer { hostA.loop.queue.sync { hostA.daemon.shutdown() } }
        let hostB = try Self.start(name: "b", me: b, port: portB, peer: a, peerPort: portA, directory: directory)
        defer { hostB.loop.queue.sync { hostB.daemon.shutdown() } }

        #expect(Self.negotiate(from: hostA, a, to: hostB, b))
        // The same two SAs (SPI and destination) with the same keys at both ends.
        func sas(_ host: Host) -> Set<String> {
            host.loop.queue.sync {
                Set(host.kernel.installed.map { "\($0.spi) \($0.destination) \($0.encryptionKey == nil ? "" : "keyed")" })
            }
        }
        #expect(sas(hostA) == sas(hostB) && sas(hostA).count == 2)
        let keysA = hostA.loop.queue.sync { hostA.kernel.installed.compactMap(\.encryptionKey) }
        let keysB = hostB.loop.queue.sync { hostB.kernel.installed.compactMap(\.encryptionKey) }
        #expect(keysA.count == 2 && keysA.allSatisfy { key in keysB.contains(key) })
        #expect(hostA.loop.queue.sync { hostA.daemon.status().engine.ipsecSAs.count } == 2)
    }
}
