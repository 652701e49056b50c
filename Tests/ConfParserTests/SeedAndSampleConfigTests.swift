import Foundation
import Testing
@testable import ConfParser

@Suite struct SeedAndSampleConfigTests {
    /// The HOWTO's racoon.conf, verbatim: its `sainfo anonymous` lost its braces on the mailing list.
    @Test func seedConfigurationParsesWithBraceAndNoRemoteWarnings() throws {
        let path = try Fixtures.path("seed-racoon.conf")
        let loaded = try ConfigurationLoader.load(path: path)
        let configuration = loaded.configuration

        #expect(configuration.paths.include == "/etc/racoon")
        #expect(configuration.paths.preSharedKey == "/etc/racoon/psk.txt")
        #expect(configuration.paths.certificate == "/etc/racoon/certs")
        #expect(configuration.remotes.isEmpty)
        #expect(configuration.sainfos.count == 1)
        let sainfo = try #require(configuration.sainfos.first)
        #expect(sainfo.local == .anonymous && sainfo.remote == .anonymous)
        #expect(sainfo.pfsGroup == .modp1024)
        #expect(sainfo.lifetimeSeconds == 3600)
        #expect(sainfo.encryptionAlgorithms == [
            IPsecEncryption(algorithm: .tripleDES, keyLength: nil), IPsecEncryption(algorithm: .aes, keyLength: 128),
        ])
        #expect(sainfo.authenticationAlgorithms == [.hmacSHA1])
        #expect(sainfo.compressionAlgorithms == [.deflate])

        // Line 6 is "        \tpfs_group 2;": eight spaces and a tab, so the directive starts at byte 10.
        #expect(loaded.warnings == [
            ConfigWarning(.bracelessSAInfo, at: SourceLocation(file: path, line: 6, column: 10), message: ""),
            ConfigWarning(.noRemote, at: .wholeFile(path), message: ""),
        ])
        let noRemote = try #require(loaded.warnings.last)
        #expect(noRemote.message.contains("remote anonymous"))
        #expect(noRemote.description.hasPrefix("\(path): warning: "))
    }

    @Test func bracelessSAInfoStopsAtTheNextTopLevelStatement() throws {
        let text = """
            sainfo anonymous
                encryption_algorithm aes;
                authentication_algorithm hmac_sha1;
                compression_algorithm deflate;
            log debug;
            sainfo address 10.0.0.1 any anonymous
                encryption_algorithm 3des;
                authentication_algorithm hmac_md5;
                compression_algorithm deflate;
            """
        let loaded = try ConfigurationLoader.load(text: text, fileName: "t.conf")
        #expect(loaded.configuration.logLevel == .debug)
        #expect(loaded.configuration.sainfos.count == 2)
        #expect(loaded.configuration.sainfos[1].authenticationAlgorithms == [.hmacMD5])
        #expect(loaded.warnings.filter { $0.code == .bracelessSAInfo }.map(\.location.line) == [2, 7])
    }

    /// etc/racoon.conf from the repository: valid, with no warning at all.
    @Test func sampleConfigurationIsValidWithoutWarnings() throws {
        let path = Fixtures.repositoryFile("etc/racoon.conf")
        let loaded = try ConfigurationLoader.load(path: path)
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let configuration = loaded.configuration
        #expect(configuration.paths.include == "/etc/racoon")
        #expect(configuration.paths.preSharedKey == "/etc/racoon/psk.txt")
        #expect(configuration.paths.certificate == "/etc/racoon/certs")
        let remote = try #require(configuration.remotes.first)
        #expect(configuration.remotes.count == 1)
        #expect(remote.selector == .anonymous)
        #expect(remote.exchangeModes == [.main])
        #expect(remote.proposals.map(\.encryptionAlgorithm) == [.tripleDES, .aes])
        #expect(remote.proposals.map(\.keyLength) == [nil, 128])
        #expect(remote.proposals.allSatisfy {
            $0.hashAlgorithm == .sha1 && $0.authenticationMethod == .preSharedKey && $0.dhGroup == .modp1024
                && $0.lifetimeSeconds == 28800
        })
        let sainfo = try #require(configuration.sainfos.first)
        #expect(sainfo.isAnonymous)
        #expect(sainfo.pfsGroup == .modp1024 && sainfo.lifetimeSeconds == 3600)
        #expect(sainfo.encryptionAlgorithms.map(\.algorithm) == [.tripleDES, .aes])
        #expect(sainfo.authenticationAlgorithms == [.hmacSHA1] && sainfo.compressionAlgorithms == [.deflate])
    }

    @Test func pskExampleHoldsTheWalkthroughSecretForBothMachines() throws {
        let path = Fixtures.repositoryFile("etc/psk.txt.example")
        let contents = try #require(FileManager.default.contents(atPath: path))
        let file = PreSharedKeyFile.parse(contents: Array(contents), path: path)
        #expect(file.diagnostics.isEmpty)
        let expected = PreSharedKey(copying: Array("flibbertigibbet".utf8))
        #expect(file.lookup("10.0.0.1") == expected)
        #expect(file.lookup("10.0.0.2") == expected)
    }

    @Test func defaultsAreRacoonCodeDefaults() throws {
        let text = """
            remote anonymous { exchange_mode main;
              proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; } }
            sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
            """
        let configuration = try ConfigurationLoader.load(text: text).configuration
        #expect(configuration.timer.retryCount == 5)
        #expect(configuration.timer.retryIntervalSeconds == 10)
        #expect(configuration.timer.packetsPerSend == 1)
        #expect(configuration.timer.phase1WaitSeconds == 30)
        #expect(configuration.timer.phase2WaitSeconds == 30)
        #expect(configuration.timer.natKeepaliveSeconds == 20)
        #expect(configuration.complexBundle)
        #expect(configuration.logLevel == .info)
        #expect(configuration.securityContextAttributeType == 10)
        #expect(configuration.padding == PaddingSettings())
        #expect(configuration.padding.randomize && !configuration.padding.randomizeLength)
        #expect(configuration.padding.maximumLength == 20 && configuration.padding.exclusiveTail)
        #expect(!configuration.padding.strictCheck)
        #expect(configuration.listen.isakmp.isEmpty && !configuration.listen.strictAddress)
        #expect(configuration.pfkeyBufferKiB == 0)
        let remote = try #require(configuration.remotes.first)
        #expect(remote.lifetimeSeconds == 28800 && remote.proposals.first?.lifetimeSeconds == 28800)
        #expect(remote.nonceSize == 16)
        #expect(remote.initialContact)
        #expect(remote.proposalCheck == .strict)
        #expect(!remote.verifyIdentifier && !remote.passive)
        #expect(remote.generatePolicy == .off)
        #expect(remote.myIdentifier == .address(nil))
        #expect(remote.rekey == .on && remote.natTraversal == .off)
        #expect(remote.port == 500 && remote.remoteAddress == nil)
        let sainfo = try #require(configuration.sainfos.first)
        #expect(sainfo.lifetimeSeconds == 28800 && sainfo.pfsGroup == nil && sainfo.remoteID == 0)
    }
}
