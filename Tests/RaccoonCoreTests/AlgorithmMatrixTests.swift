import IKECrypto
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

/// One cell of the algorithm matrix.
struct MatrixCase: CustomTestStringConvertible, Sendable {
    var encryption: Phase1Encryption
    var hash: Phase1Hash
    var group: DiffieHellmanGroupID
    var pfs: Bool
    var mode: Phase1ExchangeMode

    var testDescription: String {
        "\(mode) \(encryption)/\(hash)/\(group)\(pfs ? " pfs" : "")"
    }

    /// The ESP algorithms that go with the phase-1 ones.
    var espEncryption: ESPEncryption {
        switch encryption {
        case .tripleDES: return .tripleDES
        case .aes(let bits): return .aes(keyBits: bits)
        }
    }

    var espAuthentication: ESPAuthentication {
        switch hash {
        case .md5: return .hmacMD5
        case .sha1: return .hmacSHA1
        case .sha256: return .hmacSHA256
        }
    }

    static let all: [MatrixCase] = {
        var cases: [MatrixCase] = []
        for mode in [Phase1ExchangeMode.main, .aggressive] {
            for encryption in [Phase1Encryption.tripleDES, .aes(keyBits: 128), .aes(keyBits: 192), .aes(keyBits: 256)] {
                for hash in Phase1Hash.allCases {
                    for group in DiffieHellmanGroupID.allCases {
                        for pfs in [false, true] {
                            cases.append(MatrixCase(encryption: encryption, hash: hash, group: group, pfs: pfs, mode: mode))
                        }
                    }
                }
            }
        }
        return cases
    }()
}

@Suite("Algorithm matrix: every cipher, hash and group, with and without PFS, in Main and Aggressive Mode")
struct AlgorithmMatrixTests {
    @Test(arguments: MatrixCase.all)
    func negotiates(_ cell: MatrixCase) {
        let proposal = Phase1Proposal(encryption: cell.encryption, hash: cell.hash, group: cell.group)
        let remote = HostPair.remote([proposal], modes: [cell.mode])
        let saInfo = HostPair.saInfo(
            encryption: [cell.espEncryption], authentication: [cell.espAuthentication], pfs: cell.pfs ? cell.group : nil)
        let pair = HostPair(
            a: HostPair.configuration(remote: remote, saInfo: saInfo, peer: HostPair.addressB),
            b: HostPair.configuration(remote: remote, saInfo: saInfo, peer: HostPair.addressA))
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
        let keyLength = cell.espEncryption.keyByteCount
        for sa in pair.a.kernel.keyed {
            #expect(sa.encryptionKey?.count == keyLength)
            #expect(sa.authKey?.count == cell.espAuthentication.keyByteCount)
        }
        #expect(pair.a.logged("ISAKMP-SA established") && pair.b.logged("ISAKMP-SA established"))
        #expect(pair.a.logged(cell.mode == .main ? "(Main Mode, initiator)" : "(Aggressive Mode, initiator)"))
    }
}
