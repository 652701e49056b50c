import Foundation
import Testing
@testable import ConfParser

/// `all-directives.conf` uses every racoon 0.8.2 directive. Lines marked `# W` must produce exactly one
/// warning each (unsupported features are parsed and reported, never silently ignored).
@Suite struct AllDirectivesTests {
    let path: String
    let loaded: LoadedConfiguration

    init() throws {
        path = try Fixtures.path("all-directives.conf")
        loaded = try ConfigurationLoader.load(path: path)
    }

    @Test func warningsAreExactlyTheMarkedLines() throws {
        let lines = try Fixtures.text("all-directives.conf").split(separator: "\n", omittingEmptySubsequences: false)
        let marked = lines.indices.filter { lines[$0].hasSuffix("# W") }.map { $0 + 1 }
        #expect(marked.count > 25)
        let warned = loaded.warnings.map(\.location.line)
        #expect(warned.sorted() == marked, "\(loaded.warnings.map(\.description).joined(separator: "\n"))")
        #expect(loaded.warnings.allSatisfy { $0.location.file == path })
    }

    @Test func globalSettings() {
        let configuration = loaded.configuration
        #expect(configuration.paths.script == "/etc/racoon/scripts")
        #expect(configuration.paths.backupSA == "/var/lib/racoon/backupsa")
        #expect(configuration.paths.pidFile == "/run/raccoon.pid")
        #expect(configuration.logLevel == .debug2)
        #expect(configuration.pfkeyBufferKiB == 512)
        #expect(!configuration.complexBundle)
        #expect(configuration.securityContextAttributeType == 32001)
        #expect(!configuration.padding.randomize && configuration.padding.randomizeLength)
        #expect(configuration.padding.maximumLength == 40)
        #expect(!configuration.padding.exclusiveTail && configuration.padding.strictCheck)
        #expect(configuration.listen.isakmp.map(\.description) == ["10.0.0.1[500]", "::1[7000]", "192.168.1.1[500]"])
        #expect(configuration.listen.strictAddress)
        // Two adminsock lines: the last wins, as in racoon.
        #expect(configuration.listen.adminSocket == .disabled)
        #expect(configuration.timer.retryCount == 7)
        #expect(configuration.timer.retryIntervalSeconds == 20)
        #expect(configuration.timer.packetsPerSend == 2)
        #expect(configuration.timer.phase1WaitSeconds == 60)
        #expect(configuration.timer.phase2WaitSeconds == 120)
        #expect(configuration.timer.natKeepaliveSeconds == 15)
    }

    @Test func remotesAndInheritance() throws {
        let remotes = loaded.configuration.remotes
        #expect(remotes.map(\.selector.description) == ["\"base\"", "\"child\"", "\"twin\"", "10.0.0.3", "anonymous"])
        let base = remotes[0]
        #expect(base.exchangeModes == [.main, .aggressive])
        #expect(base.myIdentifier == .fqdn("a.example"))
        #expect(base.peersIdentifiers == [.address(IPAddress("10.0.0.2")), .userFQDN("b@example")])
        #expect(base.verifyIdentifier && base.passive && !base.initialContact)
        #expect(base.lifetimeSeconds == 7200 && base.proposalCheck == .obey && base.nonceSize == 32)
        #expect(base.rekey == .force && base.phase1ID == 7)
        #expect(base.proposals.count == 2)
        #expect(base.proposals[0].encryptionAlgorithm == .aes && base.proposals[0].keyLength == 256)
        #expect(base.proposals[0].hashAlgorithm == .sha256 && base.proposals[0].dhGroup == .modp2048)
        #expect(base.proposals[0].lifetimeSeconds == 1800)
        #expect(base.proposals[1].lifetimeSeconds == 7200)

        let child = remotes[1]
        #expect(child.parent == "base")
        #expect(child.remoteAddress == IPAddress("10.0.0.2") && child.remotePort == 500)
        #expect(child.myIdentifier == .fqdn("a.example") && child.nonceSize == 32)
        // The parent's proposals come first; inherited ones without their own lifetime take the child's.
        #expect(child.proposals.map(\.encryptionAlgorithm) == [.aes, .tripleDES, .aes])
        #expect(child.proposals.map(\.lifetimeSeconds) == [1800, 3600, 3600])
        #expect(child.proposals[2].keyLength == 192 && child.proposals[2].dhGroup == .modp1536)

        let twin = remotes[2]
        #expect(twin.parent == "child" && twin.proposals == child.proposals)
        #expect(twin.remoteAddress == IPAddress("10.0.0.2"))

        let byAddress = remotes[3]
        #expect(byAddress.selector == .address(try #require(IPAddress("10.0.0.3"))))
        #expect(byAddress.port == 4500 && byAddress.remotePort == 4500)
        #expect(byAddress.myIdentifier == .keyID("key-7"))
        #expect(byAddress.dpdDelaySeconds == 30 && byAddress.dpdRetrySeconds == 5 && byAddress.dpdMaximumFailures == 3)
        #expect(byAddress.natTraversal == .force && byAddress.ikeFragmentation == .on)
        #expect(byAddress.generatePolicy == .unique && byAddress.supportProxy)
        // The rsasig proposal is left out (with a warning); the PSK one remains.
        #expect(byAddress.proposals.count == 1)
        #expect(byAddress.proposals.first?.hashAlgorithm == .sha512)

        #expect(remotes[4].selector == .anonymous && remotes[4].port == 500)
    }

    @Test func sainfos() throws {
        let sainfos = loaded.configuration.sainfos
        #expect(sainfos.count == 5)
        let first = sainfos[0]
        let local = try #require(IPAddress("10.0.0.0"))
        let remote = try #require(IPAddress("10.1.0.0"))
        #expect(first.local == .identity(.address(local, prefixLength: 24, port: nil, protocol: .any)))
        #expect(first.remote == .identity(.address(remote, prefixLength: 16, port: 80, protocol: .tcp)))
        #expect(first.peerIdentifier == .fqdn("a.example"))
        #expect(first.pfsGroup == .modp1536 && first.lifetimeSeconds == 1800 && first.remoteID == 7)
        #expect(first.encryptionAlgorithms.map(\.description) == ["aes 256", "3des", "blowfish 448"])
        #expect(first.authenticationAlgorithms == [.hmacSHA256, .hmacSHA1, .none])
        #expect(first.compressionAlgorithms == [.deflate])
        if case .identity(let identity) = first.local { #expect(identity.identificationType == 4) }

        let second = sainfos[1]
        #expect(second.local == .identity(.address(try #require(IPAddress("fe80::")), prefixLength: 64, port: nil,
                                                   protocol: .icmp6)))
        #expect(second.remote == .anonymous)
        #expect(second.encryptionAlgorithms.map(\.algorithm) == [.null])
        #expect(second.authenticationAlgorithms == [.hmacSHA512])

        let third = sainfos[2]
        #expect(third.local == .identity(.range(try #require(IPAddress("10.0.0.1")), try #require(IPAddress("10.0.0.9")),
                                                port: nil, protocol: .esp)))
        #expect(third.remote == .identity(.fqdn("peer.example")))
        #expect(third.encryptionAlgorithms.map(\.description) == ["camellia 192", "twofish 128", "cast128 128"])

        #expect(sainfos[3].remote == .clientAddress)
        #expect(sainfos[4].isAnonymous)
    }
}
