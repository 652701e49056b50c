import Foundation
import ConfParser
import Testing

@testable import RaccoonCore
import RaccoonTestSupport

@Suite("racoon.conf → engine configuration")
struct ConfigurationAdapterTests {
    static let seed = """
        path pre_shared_key "/etc/racoon/psk.txt";
        timer { counter 3; interval 2 sec; persend 1; phase1 20 sec; phase2 15 sec; }
        remote anonymous {
            exchange_mode main, aggressive;
            lifetime time 8 hour;
            proposal_check claim;
            proposal { encryption_algorithm aes 256; hash_algorithm sha256; authentication_method pre_shared_key; dh_group modp2048; }
            proposal { encryption_algorithm 3des; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 14; }
        }
        sainfo address 10.0.0.1/32 any address 10.0.0.2/32 any {
            pfs_group 2;
            lifetime time 1 hour;
            encryption_algorithm 3des, aes;
            authentication_algorithm hmac_sha1;
            compression_algorithm deflate;
        }
        """

    @Test func seedConfigurationMaps() throws {
        let loaded = try ConfigurationLoader.load(text: Self.seed)
        let psk = PreSharedKeyFile.parse(contents: Array("10.0.0.2 s3cret\n".utf8), path: "psk.txt")
        let configuration = try EngineConfiguration(loaded.configuration, preSharedKeys: psk)
        let remote = try #require(configuration.remotes.first)
        #expect(remote.address == nil)
        #expect(remote.exchangeModes == [.main, .aggressive])
        #expect(remote.proposalCheck == .claim)
        #expect(remote.proposals == [
            Phase1Proposal(encryption: .aes(keyBits: 256), hash: .sha256, group: .modp2048, lifetimeSeconds: 28800),
            Phase1Proposal(encryption: .tripleDES, hash: .sha1, group: .modp2048, lifetimeSeconds: 28800),
        ])
        let saInfo = try #require(configuration.saInfos.first)
        #expect(saInfo.local == .network(ClientSelector(address: IPAddress("10.0.0.1")!)))
        #expect(saInfo.remote == .network(ClientSelector(address: IPAddress("10.0.0.2")!)))
        #expect(saInfo.pfsGroup == .modp1024)
        #expect(saInfo.lifetimeSeconds == 3600)
        #expect(saInfo.encryption == [.tripleDES, .aes(keyBits: 128)])
        #expect(saInfo.authentication == [.hmacSHA1])
        #expect(configuration.retransmission == RetransmissionPolicy(retries: 3, interval: .seconds(2), copiesPerSend: 1))
        #expect(configuration.phase1Wait == .seconds(20) && configuration.phase2Wait == .seconds(15))
        #expect(configuration.preSharedKeys.identifiers == ["10.0.0.2"])
        #expect(!"\(configuration.preSharedKeys)".contains("s3cret"))
        // No listen section: every address, on the -p port.
        #expect(configuration.listen == nil)
    }

    /// RFC 3706 dead peer detection: dpd_delay, dpd_retry and dpd_maxfail reach the engine (racoon's defaults 0,
    /// 5 and 5 when absent).
    @Test func deadPeerDetectionSettingsReachTheEngine() throws {
        let psk = PreSharedKeyFile.parse(contents: Array("10.0.0.2 s3cret\n".utf8), path: "psk.txt")
        let plain = try EngineConfiguration(try ConfigurationLoader.load(text: Self.seed).configuration, preSharedKeys: psk)
        let defaults = try #require(plain.remotes.first)
        #expect(defaults.dpdDelay == 0 && defaults.dpdRetry == 5 && defaults.dpdMaxFail == 5)
        let text = Self.seed.replacingOccurrences(
            of: "proposal_check claim;", with: "proposal_check claim; dpd_delay 20; dpd_retry 3; dpd_maxfail 2;")
        let loaded = try ConfigurationLoader.load(text: text)
        #expect(loaded.warnings.isEmpty, "DPD is implemented: no 'not implemented' warning")
        let remote = try #require(try EngineConfiguration(loaded.configuration, preSharedKeys: psk).remotes.first)
        #expect(remote.dpdDelay == 20 && remote.dpdRetry == 3 && remote.dpdMaxFail == 2)
    }

    /// `listen { isakmp ADDRESS [PORT]; }` lines give the addresses IKE runs on and their ports (500 unless written);
    /// a negotiation we start leaves from that port.
    @Test func listenLinesGiveAddressesAndPorts() throws {
        let text = Self.seed + "\nlisten { isakmp 10.0.0.1 [7000]; isakmp 10.0.0.9; }\n"
        let loaded = try ConfigurationLoader.load(text: text)
        let psk = PreSharedKeyFile.parse(contents: Array("10.0.0.2 s3cret\n".utf8), path: "psk.txt")
        let configuration = try EngineConfiguration(loaded.configuration, preSharedKeys: psk)
        #expect(configuration.listen == [IPAddress("10.0.0.1")!: 7000, IPAddress("10.0.0.9")!: 500])
        #expect(configuration.localEndpoint(IPAddress("10.0.0.1")!) == Endpoint(address: IPAddress("10.0.0.1")!, port: 7000))
        #expect(configuration.listens(on: IPAddress("10.0.0.9")!) && !configuration.listens(on: IPAddress("10.0.0.2")!))
    }

    /// Every MODP group racoon knows reaches the engine, for phase 1 and for PFS.
    @Test(arguments: [("modp3072", DiffieHellmanGroupID.modp3072), ("16", .modp4096), ("modp8192", .modp8192)])
    func largeMODPGroupsMap(name: String, group: DiffieHellmanGroupID) throws {
        let text = """
            remote anonymous {
                exchange_mode main;
                proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group \(name); }
            }
            sainfo anonymous { pfs_group \(name); encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }
            """
        let loaded = try ConfigurationLoader.load(text: text)
        let configuration = try EngineConfiguration(
            loaded.configuration, preSharedKeys: PreSharedKeyFile.parse(contents: [], path: "psk.txt"))
        #expect(configuration.remotes.first?.proposals.first?.group == group)
        #expect(configuration.saInfos.first?.pfsGroup == group)
    }

    @Test func unsupportedSettingsAreNamed() throws {
        let text = """
            remote anonymous {
                exchange_mode main;
                proposal { encryption_algorithm aes; hash_algorithm sha384; authentication_method pre_shared_key; dh_group 2; }
            }
            """
        let loaded = try ConfigurationLoader.load(text: text)
        let psk = PreSharedKeyFile.parse(contents: [], path: "psk.txt")
        #expect(throws: EngineConfigurationError.self) {
            _ = try EngineConfiguration(loaded.configuration, preSharedKeys: psk)
        }
        do {
            _ = try EngineConfiguration(loaded.configuration, preSharedKeys: psk)
        } catch {
            #expect(error.message.contains("hash_algorithm sha384 is not supported"))
        }
    }
}
