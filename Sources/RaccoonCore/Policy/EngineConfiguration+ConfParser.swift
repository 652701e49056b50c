public import ConfParser
internal import IKECrypto

/// Why a parsed racoon.conf cannot drive the engine: a setting the parser accepts (racoon had it) but the engine
/// does not implement. Each names the block and the setting, with its location in the file.
public struct EngineConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is unsupported, e.g. `remote 10.0.0.2 (racoon.conf:12): hash_algorithm sha384 is not supported`.
    public let message: String

    /// An error with its message.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

extension EngineConfiguration {
    /// The engine's view of a validated racoon.conf and psk.txt.
    ///
    /// Throws for settings outside what the engine implements (other ciphers, RSA signatures, Base Mode, address
    /// ranges in sainfo, …), so `raccoon -t` reports them instead of failing at negotiation time.
    public init(_ configuration: Configuration, preSharedKeys: PreSharedKeyFile) throws(EngineConfigurationError) {
        var remotes: [RemotePolicy] = []
        for remote in configuration.remotes {
            remotes.append(try RemotePolicy(remote))
        }
        var saInfos: [SAInfoPolicy] = []
        for saInfo in configuration.sainfos where saInfo.local != .clientAddress && saInfo.remote != .clientAddress {
            saInfos.append(try SAInfoPolicy(saInfo))
        }
        var secrets: [String: SecretBytes] = [:]
        for entry in preSharedKeys.entries {
            guard let key = entry.key, secrets[entry.identifier] == nil else { continue }
            // racoon's getpsk returns the first matching line.
            secrets[entry.identifier] = key.withUnsafeBytes { SecretBytes(copying: $0) }
        }
        let timer = configuration.timer
        self.init(
            remotes: remotes, saInfos: saInfos,
            retransmission: RetransmissionPolicy(
                retries: timer.retryCount, interval: .seconds(Int64(timer.retryIntervalSeconds)),
                copiesPerSend: timer.packetsPerSend),
            phase1Wait: .seconds(Int64(timer.phase1WaitSeconds)), phase2Wait: .seconds(Int64(timer.phase2WaitSeconds)),
            securityContextAttributeType: configuration.securityContextAttributeType,
            preSharedKeys: PreSharedKeyTable(secrets: secrets),
            listen: configuration.listen.isakmp.isEmpty
                ? nil
                : Dictionary(
                    configuration.listen.isakmp.map { line in (line.address, line.port) },
                    uniquingKeysWith: { first, _ in first }))
    }
}

extension RemotePolicy {
    /// The engine's view of a `remote` block.
    init(_ remote: RemoteConfiguration) throws(EngineConfigurationError) {
        let name = "remote \(remote.selector) (line \(remote.location.line))"
        func unsupported(_ what: String) -> EngineConfigurationError {
            EngineConfigurationError("\(name): \(what) is not supported by Raccoon")
        }
        let address: IPAddress?
        let port: UInt16
        switch remote.selector {
        case .anonymous:
            address = nil
            port = remote.port
        case .address(let ip):
            address = ip
            port = remote.port
        case .name:
            address = remote.remoteAddress
            port = remote.remotePort
        }
        var modes: [Phase1ExchangeMode] = []
        for mode in remote.exchangeModes {
            switch mode {
            case .main: modes.append(.main)
            case .aggressive: modes.append(.aggressive)
            case .base: throw unsupported("exchange_mode base")
            }
        }
        var proposals: [Phase1Proposal] = []
        for proposal in remote.proposals {
            let encryption: Phase1Encryption
            switch proposal.encryptionAlgorithm {
            case .tripleDES: encryption = .tripleDES
            case .aes: encryption = .aes(keyBits: proposal.keyLength ?? 128)
            default: throw unsupported("encryption_algorithm \(proposal.encryptionAlgorithm)")
            }
            let hash: Phase1Hash
            switch proposal.hashAlgorithm {
            case .md5: hash = .md5
            case .sha1: hash = .sha1
            case .sha256: hash = .sha256
            default: throw unsupported("hash_algorithm \(proposal.hashAlgorithm)")
            }
            guard proposal.authenticationMethod == .preSharedKey else {
                throw unsupported("authentication_method \(proposal.authenticationMethod)")
            }
            guard let group = DiffieHellmanGroupID(rawValue: UInt16(proposal.dhGroup.rawValue)) else {
                throw unsupported("dh_group \(proposal.dhGroup)")
            }
            proposals.append(
                Phase1Proposal(encryption: encryption, hash: hash, group: group, lifetimeSeconds: proposal.lifetimeSeconds))
        }
        let identifier: IdentityValue?
        switch remote.myIdentifier {
        case .address(nil): identifier = nil
        case .address(let ip?): identifier = .address(ip)
        case .fqdn(let value): identifier = .fqdn(value)
        case .userFQDN(let value): identifier = .userFQDN(value)
        case .keyID(let value): identifier = .keyID(Array(value.utf8))
        case .keyIDFile, .asn1DN: throw unsupported("my_identifier \(remote.myIdentifier)")
        }
        guard let check = ProposalCheckRule(rawValue: remote.proposalCheck.rawValue) else {
            throw unsupported("proposal_check \(remote.proposalCheck)")
        }
        self.init(
            name: "\(remote.selector)", address: address, port: port, exchangeModes: modes, proposals: proposals,
            proposalCheck: check, nonceSize: remote.nonceSize, initialContact: remote.initialContact,
            passive: remote.passive, myIdentifier: identifier, dpdDelay: Int(remote.dpdDelaySeconds),
            dpdRetry: Int(remote.dpdRetrySeconds), dpdMaxFail: Int(remote.dpdMaximumFailures), phase1ID: remote.phase1ID)
    }
}

extension SAInfoPolicy {
    /// The engine's view of a `sainfo` block.
    init(_ saInfo: SAInfo) throws(EngineConfigurationError) {
        let name = "sainfo \(saInfo.local) \(saInfo.remote) (line \(saInfo.location.line))"
        func unsupported(_ what: String) -> EngineConfigurationError {
            EngineConfigurationError("\(name): \(what) is not supported by Raccoon")
        }
        func selector(_ side: SAInfo.Selector) throws(EngineConfigurationError) -> Selector {
            switch side {
            case .anonymous:
                return .anonymous
            case .identity(.address(let address, let prefix, let port, let proto)):
                return .network(
                    ClientSelector(
                        address: address, prefixLength: prefix,
                        upperLayerProtocol: proto == .any ? 0 : proto.rawValue, port: port ?? 0))
            case .identity(let identity):
                throw unsupported("identity \(identity)")
            case .clientAddress:
                throw unsupported("clientaddr")
            }
        }
        var encryption: [ESPEncryption] = []
        for algorithm in saInfo.encryptionAlgorithms {
            switch algorithm.algorithm {
            case .tripleDES: encryption.append(.tripleDES)
            case .aes: encryption.append(.aes(keyBits: algorithm.keyLength ?? 128))
            default: throw unsupported("encryption_algorithm \(algorithm)")
            }
        }
        var authentication: [ESPAuthentication] = []
        for algorithm in saInfo.authenticationAlgorithms {
            switch algorithm {
            case .hmacMD5: authentication.append(.hmacMD5)
            case .hmacSHA1: authentication.append(.hmacSHA1)
            case .hmacSHA256: authentication.append(.hmacSHA256)
            default: throw unsupported("authentication_algorithm \(algorithm)")
            }
        }
        var group: DiffieHellmanGroupID?
        if let pfs = saInfo.pfsGroup {
            guard let supported = DiffieHellmanGroupID(rawValue: UInt16(pfs.rawValue)) else {
                throw unsupported("pfs_group \(pfs)")
            }
            group = supported
        }
        self.init(
            local: try selector(saInfo.local), remote: try selector(saInfo.remote),
            remoteID: saInfo.remoteID == 0 ? nil : saInfo.remoteID, pfsGroup: group,
            lifetimeSeconds: saInfo.lifetimeSeconds, encryption: encryption, authentication: authentication)
    }
}
