import Testing
@testable import ConfParser

/// Behaviour of the builder on small inline configurations.
@Suite struct ValidationTests {
    static let proposal = """
        proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
        """
    static let sainfoBody = """
        { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
        """

    private func load(_ text: String) throws(ConfigError) -> LoadedConfiguration {
        try ConfigurationLoader.load(text: text, fileName: "t.conf")
    }

    private func error(_ text: String) -> ConfigError? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func noRemoteIsValidWithAWarning() throws {
        let loaded = try load("sainfo anonymous \(Self.sainfoBody)\n")
        #expect(loaded.warnings.map(\.code) == [.noRemote])
        #expect(loaded.warnings[0].location == .wholeFile("t.conf"))
    }

    @Test func emptyConfigurationWarnsAboutRemoteAndSAInfo() throws {
        #expect(try load("# nothing\n").warnings.map(\.code) == [.noRemote, .noSAInfo])
    }

    @Test func pskRemoteWithoutPathWarns() throws {
        let loaded = try load("remote anonymous { exchange_mode main; \(Self.proposal) }\nsainfo anonymous \(Self.sainfoBody)")
        #expect(loaded.warnings.map(\.code) == [.missingPreSharedKeyPath])
        #expect(loaded.warnings.first?.location == SourceLocation(file: "t.conf", line: 1, column: 1))
    }

    @Test func aggressiveAndMainAreBothKeptInOrder() throws {
        let loaded = try load("""
            path pre_shared_key "/x";
            remote anonymous { exchange_mode aggressive, main; \(Self.proposal) }
            sainfo anonymous \(Self.sainfoBody)
            """)
        #expect(loaded.configuration.remotes[0].exchangeModes == [.aggressive, .main])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func baseNextToMainIsDroppedWithAWarning() throws {
        let loaded = try load("""
            path pre_shared_key "/x";
            remote anonymous { exchange_mode base, main; \(Self.proposal) }
            sainfo anonymous \(Self.sainfoBody)
            """)
        #expect(loaded.configuration.remotes[0].exchangeModes == [.main])
        #expect(loaded.warnings.map(\.code) == [.unsupportedDirective])
        #expect(loaded.warnings.first?.location == SourceLocation(file: "t.conf", line: 2, column: 20))
    }

    @Test func exchangeModesSeparatedBySpaces() throws {
        let loaded = try load("path pre_shared_key \"/x\"; remote anonymous { exchange_mode main base; \(Self.proposal) }")
        #expect(loaded.configuration.remotes[0].exchangeModes == [.main])
    }

    @Test func dhGroupByNumberAndName() throws {
        for (text, group) in [("2", DiffieHellmanGroup.modp1024), ("modp1536", .modp1536), ("14", .modp2048),
                              ("modp2048", .modp2048), ("1", .modp768), ("modp768", .modp768), ("15", .modp3072),
                              ("modp8192", .modp8192)] {
            let loaded = try load("sainfo anonymous { pfs_group \(text); encryption_algorithm aes; "
                                    + "authentication_algorithm hmac_sha1; compression_algorithm deflate; }")
            #expect(loaded.configuration.sainfos.first?.pfsGroup == group)
        }
        #expect(error("sainfo anonymous { pfs_group 3; }")?.code == .unknownAlgorithm)
    }

    @Test func unimplementedPhase2AlgorithmsAreLeftOutButAllUnimplementedIsAnError() throws {
        let loaded = try load("sainfo anonymous { encryption_algorithm des, aes; authentication_algorithm kpdk, hmac_sha1; "
                                + "compression_algorithm oui, deflate; }")
        let sainfo = try #require(loaded.configuration.sainfos.first)
        #expect(sainfo.encryptionAlgorithms.map(\.algorithm) == [.aes])
        #expect(sainfo.authenticationAlgorithms == [.hmacSHA1])
        #expect(sainfo.compressionAlgorithms == [.deflate])
        #expect(loaded.warnings.filter { $0.code == .unsupportedAlgorithm }.count == 3)
        let failure = error("sainfo anonymous {\n encryption_algorithm des, rc4;\n authentication_algorithm hmac_sha1;\n"
                            + " compression_algorithm deflate; }")
        #expect(failure == ConfigError(.noUsableSAInfoAlgorithm, at: SourceLocation(file: "t.conf", line: 2, column: 2),
                                       message: ""))
    }

    @Test func anonymousDuplicateSAInfoIsShadowedNotAnError() throws {
        let loaded = try load("sainfo anonymous \(Self.sainfoBody)\nsainfo anonymous \(Self.sainfoBody)")
        #expect(loaded.warnings.contains { $0.code == .shadowedSAInfo && $0.location.line == 2 })
    }

    @Test func sainfosDifferingOnlyInFromOrRemoteIDAreDistinct() throws {
        let loaded = try load("""
            sainfo address 10.0.0.1 any anonymous \(Self.sainfoBody)
            sainfo address 10.0.0.1 any anonymous from address 10.0.0.9 \(Self.sainfoBody)
            sainfo address 10.0.0.1 any anonymous { remoteid 3; encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
            """)
        #expect(loaded.configuration.sainfos.count == 3)
        #expect(loaded.configuration.sainfos[1].peerIdentifier == .address(IPAddress("10.0.0.9")))
    }

    @Test func duplicateNonAnonymousSAInfoWithAnonymousRemoteIsAnError() {
        let text = "sainfo anonymous address 10.0.0.2 any \(Self.sainfoBody)\n"
            + "sainfo anonymous address 10.0.0.2 any \(Self.sainfoBody)"
        #expect(error(text) == ConfigError(.duplicateSAInfo, at: SourceLocation(file: "t.conf", line: 2, column: 1),
                                           message: ""))
    }

    @Test func protocolFamilyMismatch() {
        #expect(error("sainfo address 10.0.0.1 icmp6 anonymous \(Self.sainfoBody)")?.code == .invalidProtocolSelector)
        #expect(error("sainfo address ::1 icmp anonymous \(Self.sainfoBody)")?.code == .invalidProtocolSelector)
        #expect(error("sainfo address 10.0.0.1 256 anonymous \(Self.sainfoBody)")?.code == .valueOutOfRange)
    }

    @Test func remoteAddressInheritanceByAddress() throws {
        let loaded = try load("""
            path pre_shared_key "/x";
            remote 10.0.0.1 { exchange_mode main; nonce_size 20; \(Self.proposal) }
            remote 10.0.0.2 inherit 10.0.0.1;
            """)
        let child = loaded.configuration.remotes[1]
        #expect(child.remoteAddress == IPAddress("10.0.0.2") && child.nonceSize == 20 && child.parent == "10.0.0.1")
        #expect(error("remote 10.0.0.2 inherit 10.0.0.1;")?.code == .unknownParentRemote)
    }

    @Test func namedRemoteDuplicates() {
        let text = "remote \"a\" { exchange_mode main; \(Self.proposal) }\nremote \"a\" { exchange_mode main; \(Self.proposal) }"
        #expect(error(text) == ConfigError(.duplicateRemote, at: SourceLocation(file: "t.conf", line: 2, column: 8),
                                           message: ""))
    }

    @Test func sameAddressOnAnotherPortIsADifferentRemote() throws {
        let loaded = try load("""
            path pre_shared_key "/x";
            remote 10.0.0.1 { exchange_mode main; \(Self.proposal) }
            remote 10.0.0.1 [4500] { exchange_mode main; \(Self.proposal) }
            """)
        #expect(loaded.configuration.remotes.map(\.port) == [500, 4500])
    }

    @Test func durationsAndOverflow() throws {
        let loaded = try load("timer { interval 2 mins; phase1 1 hours; phase2 45 secs; }")
        #expect(loaded.configuration.timer.retryIntervalSeconds == 120)
        #expect(loaded.configuration.timer.phase1WaitSeconds == 3600)
        #expect(loaded.configuration.timer.phase2WaitSeconds == 45)
        #expect(error("timer { interval 2000000 hours; }")?.code == .valueOutOfRange)
    }

    @Test func keyIDDefaultsToAFileAsInRacoon() throws {
        let loaded = try load("path pre_shared_key \"/x\"; remote anonymous { exchange_mode main; my_identifier keyid \"/etc/k\"; "
                                + "\(Self.proposal) }")
        #expect(loaded.configuration.remotes[0].myIdentifier == .keyIDFile("/etc/k"))
    }

    @Test func securityContextAttributeExtension() throws {
        #expect(try load("security_context_attribute 10;").configuration.securityContextAttributeType == 10)
        #expect(try load("security_context_attribute 32001;").configuration.securityContextAttributeType == 32001)
        #expect(error("security_context_attribute 0;")?.code == .valueOutOfRange)
    }

    @Test func kernelInterfaceExtension() throws {
        #expect(try load("").configuration.kernelInterface == .automatic)
        #expect(try load("kernel_interface xfrm;").configuration.kernelInterface == .xfrm)
        #expect(try load("kernel_interface pfkey;").configuration.kernelInterface == .pfkey)
        #expect(try load("kernel_interface auto;").configuration.kernelInterface == .automatic)
        let wrong = error("kernel_interface netlink;")
        #expect(wrong?.location.line == 1 && wrong?.location.column == 18)
        #expect(wrong?.description.contains("expected a kernel interface (auto, pfkey, xfrm)") == true)
    }

    @Test func unsupportedTopLevelBlocksWarnOncePerDirective() throws {
        let loaded = try load("privsep { user \"nobody\"; }\nmode_cfg { pool_size 10; }\ngss_id_enc utf-16le;")
        let unsupported = loaded.warnings.filter { $0.code == .unsupportedDirective }
        #expect(unsupported.map(\.location.line) == [1, 2, 3])
        #expect(unsupported.allSatisfy { $0.message.contains("not supported by Raccoon and was ignored") })
    }

    @Test func configErrorsAreEqualOnCodeAndLocationOnly() {
        let location = SourceLocation(file: "f", line: 1, column: 2)
        #expect(ConfigError(.invalidValue, at: location, message: "a") == ConfigError(.invalidValue, at: location,
                                                                                       message: "b"))
        #expect(ConfigError(.invalidValue, at: location, message: "a") != ConfigError(.invalidPort, at: location,
                                                                                       message: "a"))
    }
}
