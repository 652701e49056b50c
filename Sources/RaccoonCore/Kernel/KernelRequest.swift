/// A request the engine asks the driver to send to the kernel over PF_KEY.
///
/// Requests are semantic; the driver (and the in-memory kernel used by tests) encodes them as SADB messages
/// (`KernelRequest.sadbMessage(pid:)`). Replies come back as `EngineEvent.kernel` and are matched by `seq`, as
/// racoon's `pk_recvgetspi`/`pk_recvupdate` do.
public enum KernelRequest: Hashable, Sendable {
    /// SADB_GETSPI for the inbound SA: source = peer, destination = us (RFC 2367 §3.1.1).
    case getSPI(GetSPIRequest)
    /// SADB_UPDATE: complete the inbound larval SA with keys.
    case update(SAInstallation)
    /// SADB_ADD: add the outbound SA.
    case add(SAInstallation)
    /// SADB_DELETE of one SA.
    case delete(SADeletion)
    /// SADB_ACQUIRE with a nonzero errno: the negotiation a kernel ACQUIRE started has given up.
    case acquireFailed(seq: UInt32, errno: Int32)

    /// The SADB sequence number the reply will carry.
    public var seq: UInt32 {
        switch self {
        case .getSPI(let request): return request.seq
        case .update(let sa), .add(let sa): return sa.seq
        case .delete(let deletion): return deletion.seq
        case .acquireFailed(let seq, _): return seq
        }
    }
}

/// The IPsec security protocols Raccoon installs SAs for.
public enum IPsecProtocol: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// AH (IPsec DOI protocol 2, SADB_SATYPE_AH 2).
    case ah = 2
    /// ESP (IPsec DOI protocol 3, SADB_SATYPE_ESP 3).
    case esp = 3

    /// racoon's spelling.
    public var description: String { self == .esp ? "ESP" : "AH" }
}

/// SADB_GETSPI: reserve an SPI for an inbound SA.
public struct GetSPIRequest: Hashable, Sendable {
    /// The message sequence number (the ACQUIRE's on the initiator).
    public var seq: UInt32
    /// The protocol.
    public var securityProtocol: IPsecProtocol
    /// The SA's source: the peer.
    public var source: IPAddress
    /// The SA's destination: us.
    public var destination: IPAddress
    /// The encapsulation mode (SADB_X_EXT_SA2).
    public var mode: EncapsulationMode
    /// The request id (SADB_X_EXT_SA2), from the inbound policy's template; 0 if none.
    public var reqid: UInt32

    /// A GETSPI request.
    public init(
        seq: UInt32, securityProtocol: IPsecProtocol, source: IPAddress, destination: IPAddress,
        mode: EncapsulationMode, reqid: UInt32
    ) {
        self.seq = seq
        self.securityProtocol = securityProtocol
        self.source = source
        self.destination = destination
        self.mode = mode
        self.reqid = reqid
    }
}

/// SADB_UPDATE or SADB_ADD: a complete SA with keys, lifetimes and, when labeled, a security context.
///
/// `description` never shows the keys.
public struct SAInstallation: Hashable, Sendable, CustomStringConvertible {
    /// The message sequence number.
    public var seq: UInt32
    /// The protocol.
    public var securityProtocol: IPsecProtocol
    /// The SPI.
    public var spi: UInt32
    /// The SA's source address.
    public var source: IPAddress
    /// The SA's destination address.
    public var destination: IPAddress
    /// The encapsulation mode.
    public var mode: EncapsulationMode
    /// The request id.
    public var reqid: UInt32
    /// The encryption algorithm.
    public var encryption: ESPEncryption
    /// The authentication algorithm.
    public var authentication: ESPAuthentication
    /// The encryption key (first bytes of KEYMAT).
    public var encryptionKey: [UInt8]
    /// The authentication key (the KEYMAT bytes after the encryption key).
    public var authenticationKey: [UInt8]
    /// The hard lifetime in seconds (the negotiated one).
    public var hardLifetimeSeconds: UInt64
    /// The soft lifetime in seconds (80 % of the hard one, as racoon installs it).
    public var softLifetimeSeconds: UInt64
    /// The replay window in packets (racoon: 4).
    public var replayWindow: UInt8
    /// The security context when the SA is labeled.
    public var securityContext: SecurityContext?

    /// An SA to install.
    public init(
        seq: UInt32, securityProtocol: IPsecProtocol, spi: UInt32, source: IPAddress, destination: IPAddress,
        mode: EncapsulationMode, reqid: UInt32, encryption: ESPEncryption, authentication: ESPAuthentication,
        encryptionKey: [UInt8], authenticationKey: [UInt8], hardLifetimeSeconds: UInt64, softLifetimeSeconds: UInt64,
        replayWindow: UInt8 = 4, securityContext: SecurityContext? = nil
    ) {
        self.seq = seq
        self.securityProtocol = securityProtocol
        self.spi = spi
        self.source = source
        self.destination = destination
        self.mode = mode
        self.reqid = reqid
        self.encryption = encryption
        self.authentication = authentication
        self.encryptionKey = encryptionKey
        self.authenticationKey = authenticationKey
        self.hardLifetimeSeconds = hardLifetimeSeconds
        self.softLifetimeSeconds = softLifetimeSeconds
        self.replayWindow = replayWindow
        self.securityContext = securityContext
    }

    /// `ESP/Transport 10.0.0.1->10.0.0.2 spi=0x… (keys redacted)`.
    public var description: String {
        "\(securityProtocol)/\(mode) \(source)->\(destination) spi=\(spiText(spi)) \(encryption)/\(authentication)"
            + " (keys redacted)"
    }
}

/// SADB_DELETE of one SA.
public struct SADeletion: Hashable, Sendable {
    /// The message sequence number.
    public var seq: UInt32
    /// The protocol.
    public var securityProtocol: IPsecProtocol
    /// The SPI.
    public var spi: UInt32
    /// The SA's source address.
    public var source: IPAddress
    /// The SA's destination address.
    public var destination: IPAddress

    /// A deletion.
    public init(seq: UInt32, securityProtocol: IPsecProtocol, spi: UInt32, source: IPAddress, destination: IPAddress) {
        self.seq = seq
        self.securityProtocol = securityProtocol
        self.spi = spi
        self.source = source
        self.destination = destination
    }
}

/// racoon's SPI spelling in log lines: `spi=12345(0x3039)`.
func spiText(_ spi: UInt32) -> String { "\(spi)(0x\(String(spi, radix: 16)))" }
