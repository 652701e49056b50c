public import PFKeyListener

/// `nla_type` of an XFRM attribute (`enum xfrm_attr_type_t`). Unknown types are skipped (and counted).
public struct XFRMAttributeType: NamedWireCode {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// `struct xfrm_algo`: an authentication algorithm without an explicit ICV length (not sent by Raccoon).
    public static let authentication = Self(rawValue: 1)
    /// `struct xfrm_algo`: the encryption algorithm.
    public static let encryption = Self(rawValue: 2)
    /// `struct xfrm_algo`: the compression algorithm (IPComp).
    public static let compression = Self(rawValue: 3)
    /// `struct xfrm_encap_tmpl`: UDP encapsulation (NAT-T).
    public static let encapsulation = Self(rawValue: 4)
    /// An array of `struct xfrm_user_tmpl`.
    public static let templates = Self(rawValue: 5)
    /// `struct xfrm_usersa_info` inside a DELSA notification.
    public static let securityAssociation = Self(rawValue: 6)
    /// `struct xfrm_userpolicy_info` inside a DELPOLICY notification.
    public static let policy = Self(rawValue: 7)
    /// `struct xfrm_user_sec_ctx` and the context string.
    public static let securityContext = Self(rawValue: 8)
    /// `struct xfrm_replay_state`.
    public static let replayState = Self(rawValue: 10)
    /// `xfrm_address_t`: the SA's source in GETSA / DELSA requests.
    public static let sourceAddress = Self(rawValue: 13)
    /// `struct xfrm_userpolicy_type`.
    public static let policyType = Self(rawValue: 16)
    /// `struct xfrm_algo_aead`: a combined-mode cipher (AES-GCM, AES-CCM) with its ICV length.
    public static let aead = Self(rawValue: 18)
    /// `struct xfrm_algo_auth`: an authentication algorithm with its truncation (RFC 4868 ICV) length.
    public static let authenticationTruncated = Self(rawValue: 20)
    /// `struct xfrm_mark`.
    public static let mark = Self(rawValue: 21)
    /// `__u8`: an SA-protocol filter for dumps.
    public static let proto = Self(rawValue: 25)

    public static let names: [UInt16: String] = [
        1: "XFRMA_ALG_AUTH", 2: "XFRMA_ALG_CRYPT", 3: "XFRMA_ALG_COMP", 4: "XFRMA_ENCAP", 5: "XFRMA_TMPL",
        6: "XFRMA_SA", 7: "XFRMA_POLICY", 8: "XFRMA_SEC_CTX", 9: "XFRMA_LTIME_VAL", 10: "XFRMA_REPLAY_VAL",
        11: "XFRMA_REPLAY_THRESH", 12: "XFRMA_ETIMER_THRESH", 13: "XFRMA_SRCADDR", 14: "XFRMA_COADDR",
        15: "XFRMA_LASTUSED", 16: "XFRMA_POLICY_TYPE", 17: "XFRMA_MIGRATE", 18: "XFRMA_ALG_AEAD",
        19: "XFRMA_KMADDRESS", 20: "XFRMA_ALG_AUTH_TRUNC", 21: "XFRMA_MARK", 22: "XFRMA_TFCPAD",
        23: "XFRMA_REPLAY_ESN_VAL", 24: "XFRMA_SA_EXTRA_FLAGS", 25: "XFRMA_PROTO", 26: "XFRMA_ADDRESS_FILTER",
        27: "XFRMA_PAD", 28: "XFRMA_OFFLOAD_DEV", 29: "XFRMA_SET_MARK", 30: "XFRMA_SET_MARK_MASK", 31: "XFRMA_IF_ID",
        32: "XFRMA_MTIMER_THRESH", 33: "XFRMA_SA_DIR", 34: "XFRMA_NAT_KEEPALIVE_INTERVAL", 35: "XFRMA_SA_PCPU",
    ]

    /// True for the attribute types the kernel defined up to this codec's header (6.18): known but maybe unused.
    public var isKnown: Bool { Self.names[rawValue] != nil }

    public static let unknownCodeLabel = "XFRM attribute"
}
