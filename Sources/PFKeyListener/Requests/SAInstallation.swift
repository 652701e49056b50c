/// Everything SADB_UPDATE / SADB_ADD carry for one SA (inventory §4.1): the caller splits KEYMAT into the keys.
public struct SAInstallation: Equatable, Sendable {
    /// The SA type.
    public var saType: SADBSAType
    /// The SPI (inbound: ours from GETSPI; outbound: the peer's) or, for IPComp, the CPI.
    public var spi: UInt32
    /// The SA's source address (inbound: the peer).
    public var source: IPAddress
    /// The SA's destination address (inbound: this host).
    public var destination: IPAddress
    /// `X_SA2` mode.
    public var mode: IPsecMode
    /// `X_SA2` reqid: must equal the policy template's reqid, or Linux never uses the SA.
    public var reqid: UInt32
    /// `sadb_sa_auth`.
    public var authAlgorithm: SADBAuthenticationAlgorithm
    /// `sadb_sa_encrypt` (for IPComp, the compression algorithm).
    public var encryptionAlgorithm: SADBEncryptionAlgorithm
    /// KEY_AUTH, if the algorithm has a key.
    public var authKey: KeyBytes?
    /// KEY_ENCRYPT, if the algorithm has a key.
    public var encryptionKey: KeyBytes?
    /// The negotiated lifetime in seconds: LIFETIME_HARD addtime; LIFETIME_SOFT gets 80 % of it.
    public var lifetimeSeconds: UInt64
    /// The negotiated lifetime in bytes (0 = none), split hard/soft the same way.
    public var lifetimeBytes: UInt64
    /// `sadb_sa_replay` (racoon: 4, and 0 for IPComp).
    public var replayWindow: UInt8
    /// `sadb_sa_flags`.
    public var flags: UInt32
    /// X_SEC_CTX: the label of a labeled SA (the same on the inbound and outbound SA).
    public var securityContext: SADBSecurityContext?
    /// UDP encapsulation.
    public var natTraversal: NATTraversalSettings?

    /// The share of the hard lifetime given as the soft lifetime (libipsec's default, 80 %).
    public static let softLifetimePercent: UInt64 = 80

    /// An SA to install.
    public init(
        saType: SADBSAType, spi: UInt32, source: IPAddress, destination: IPAddress, mode: IPsecMode,
        reqid: UInt32, authAlgorithm: SADBAuthenticationAlgorithm, encryptionAlgorithm: SADBEncryptionAlgorithm,
        authKey: KeyBytes?, encryptionKey: KeyBytes?, lifetimeSeconds: UInt64, lifetimeBytes: UInt64 = 0,
        replayWindow: UInt8? = nil, flags: UInt32 = 0, securityContext: SADBSecurityContext? = nil,
        natTraversal: NATTraversalSettings? = nil
    ) {
        self.saType = saType
        self.spi = spi
        self.source = source
        self.destination = destination
        self.mode = mode
        self.reqid = reqid
        self.authAlgorithm = authAlgorithm
        self.encryptionAlgorithm = encryptionAlgorithm
        self.authKey = authKey
        self.encryptionKey = encryptionKey
        self.lifetimeSeconds = lifetimeSeconds
        self.lifetimeBytes = lifetimeBytes
        self.replayWindow = replayWindow ?? (saType == .ipcomp ? 0 : 4)
        self.flags = flags
        self.securityContext = securityContext
        self.natTraversal = natTraversal
    }

    /// The UPDATE/ADD extensions in libipsec's order.
    var extensions: [SADBExtension] {
        var result: [SADBExtension] = [
            .securityAssociation(
                SADBSecurityAssociation(
                    spi: spi, replayWindow: replayWindow, state: .mature, authAlgorithm: authAlgorithm,
                    encryptionAlgorithm: encryptionAlgorithm, flags: flags)),
            .sa2(SADBSA2(mode: mode, reqid: reqid)),
            .sourceAddress(SADBAddress(host: source, port: natTraversal?.sourcePort ?? 0)),
            .destinationAddress(SADBAddress(host: destination, port: natTraversal?.destinationPort ?? 0)),
        ]
        if let encryptionKey { result.append(.encryptionKey(SADBKey(encryptionKey))) }
        if let authKey { result.append(.authKey(SADBKey(authKey))) }
        result.append(.lifetimeHard(SADBLifetime(bytes: lifetimeBytes, addTime: lifetimeSeconds)))
        result.append(
            .lifetimeSoft(
                SADBLifetime(
                    bytes: lifetimeBytes * Self.softLifetimePercent / 100,
                    addTime: lifetimeSeconds * Self.softLifetimePercent / 100)))
        if let securityContext { result.append(.securityContext(securityContext)) }
        if let natTraversal { result += natTraversal.extensions }
        return result
    }
}
