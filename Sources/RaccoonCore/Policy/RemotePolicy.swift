/// What the engine needs from one `remote` block of racoon.conf.
public struct RemotePolicy: Hashable, Sendable {
    /// The block's name for log lines (the address or the quoted name).
    public var name: String
    /// The peer address this block is for; `nil` for `remote anonymous`.
    public var address: IPAddress?
    /// The peer's IKE port (500 unless given).
    public var port: UInt16
    /// `exchange_mode`: the first is used as initiator; all are accepted as responder.
    public var exchangeModes: [Phase1ExchangeMode]
    /// The `proposal` blocks, in file order.
    public var proposals: [Phase1Proposal]
    /// `proposal_check` (default strict).
    public var proposalCheck: ProposalCheckRule
    /// `nonce_size` in bytes (default 16; RFC 2409 §5: 8 to 256).
    public var nonceSize: Int
    /// `initial_contact` (default on).
    public var initialContact: Bool
    /// `passive`: never initiate.
    public var passive: Bool
    /// `my_identifier`; `nil` means the local address.
    public var myIdentifier: IdentityValue?
    /// `dpd_delay` in seconds; 0 disables probing (the DPD vendor ID is still sent).
    public var dpdDelay: Int
    /// `dpd_retry` in seconds.
    public var dpdRetry: Int
    /// `dpd_maxfail`.
    public var dpdMaxFail: Int
    /// `ph1id`, matched by a sainfo's `remoteid`.
    public var phase1ID: UInt32

    /// A remote block; defaults are racoon's (`newrmconf`).
    public init(
        name: String? = nil, address: IPAddress?, port: UInt16 = 500, exchangeModes: [Phase1ExchangeMode] = [.main],
        proposals: [Phase1Proposal], proposalCheck: ProposalCheckRule = .strict, nonceSize: Int = 16,
        initialContact: Bool = true, passive: Bool = false, myIdentifier: IdentityValue? = nil, dpdDelay: Int = 0,
        dpdRetry: Int = 5, dpdMaxFail: Int = 5, phase1ID: UInt32 = 0
    ) {
        self.name = name ?? address.map { "\($0)" } ?? "anonymous"
        self.address = address
        self.port = port
        self.exchangeModes = exchangeModes
        self.proposals = proposals
        self.proposalCheck = proposalCheck
        self.nonceSize = nonceSize
        self.initialContact = initialContact
        self.passive = passive
        self.myIdentifier = myIdentifier
        self.dpdDelay = dpdDelay
        self.dpdRetry = dpdRetry
        self.dpdMaxFail = dpdMaxFail
        self.phase1ID = phase1ID
    }
}

/// An identity as carried in an ISAKMP Identification payload (RFC 2407 §4.6.2.1).
public enum IdentityValue: Hashable, Sendable, CustomStringConvertible {
    /// ID_IPV4_ADDR or ID_IPV6_ADDR.
    case address(IPAddress)
    /// ID_FQDN.
    case fqdn(String)
    /// ID_USER_FQDN.
    case userFQDN(String)
    /// ID_KEY_ID.
    case keyID([UInt8])

    /// The psk.txt lookup key for this identity (racoon compares bytes, so this is the text form).
    public var lookupKey: String {
        switch self {
        case .address(let address): return "\(address)"
        case .fqdn(let name), .userFQDN(let name): return name
        case .keyID(let bytes): return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A readable form for log lines (never secret).
    public var description: String {
        switch self {
        case .address(let address): return "\(address)"
        case .fqdn(let name): return "fqdn:\(name)"
        case .userFQDN(let name): return "user_fqdn:\(name)"
        case .keyID(let bytes): return "keyid:\(bytes.count) bytes"
        }
    }
}
