// Typed access to the first extension of each kind.

extension SADBMessage {
    /// The SA extension.
    public var securityAssociation: SADBSecurityAssociation? {
        first { if case .securityAssociation(let value) = $0 { value } else { nil } }
    }
    /// LIFETIME_CURRENT.
    public var currentLifetime: SADBLifetime? { first { if case .lifetimeCurrent(let value) = $0 { value } else { nil } } }
    /// LIFETIME_HARD.
    public var hardLifetime: SADBLifetime? { first { if case .lifetimeHard(let value) = $0 { value } else { nil } } }
    /// LIFETIME_SOFT.
    public var softLifetime: SADBLifetime? { first { if case .lifetimeSoft(let value) = $0 { value } else { nil } } }
    /// ADDRESS_SRC.
    public var sourceAddress: SADBAddress? { first { if case .sourceAddress(let value) = $0 { value } else { nil } } }
    /// ADDRESS_DST.
    public var destinationAddress: SADBAddress? {
        first { if case .destinationAddress(let value) = $0 { value } else { nil } }
    }
    /// ADDRESS_PROXY.
    public var proxyAddress: SADBAddress? { first { if case .proxyAddress(let value) = $0 { value } else { nil } } }
    /// KEY_AUTH.
    public var authKey: SADBKey? { first { if case .authKey(let value) = $0 { value } else { nil } } }
    /// KEY_ENCRYPT.
    public var encryptionKey: SADBKey? { first { if case .encryptionKey(let value) = $0 { value } else { nil } } }
    /// PROPOSAL.
    public var proposal: SADBProposal? { first { if case .proposal(let value) = $0 { value } else { nil } } }
    /// SUPPORTED_AUTH.
    public var supportedAuth: SADBSupported? { first { if case .supportedAuth(let value) = $0 { value } else { nil } } }
    /// SUPPORTED_ENCRYPT.
    public var supportedEncrypt: SADBSupported? {
        first { if case .supportedEncrypt(let value) = $0 { value } else { nil } }
    }
    /// SPIRANGE.
    public var spiRange: SADBSPIRange? { first { if case .spiRange(let value) = $0 { value } else { nil } } }
    /// X_POLICY.
    public var policy: SADBPolicy? { first { if case .policy(let value) = $0 { value } else { nil } } }
    /// X_SA2.
    public var sa2: SADBSA2? { first { if case .sa2(let value) = $0 { value } else { nil } } }
    /// X_SEC_CTX.
    public var securityContext: SADBSecurityContext? {
        first { if case .securityContext(let value) = $0 { value } else { nil } }
    }
    /// X_NAT_T_TYPE.
    public var natTraversalType: SADBNATTraversalType? {
        first { if case .natTraversalType(let value) = $0 { value } else { nil } }
    }
    /// X_NAT_T_SPORT.
    public var natTraversalSourcePort: SADBNATTraversalPort? {
        first { if case .natTraversalSourcePort(let value) = $0 { value } else { nil } }
    }
    /// X_NAT_T_DPORT.
    public var natTraversalDestinationPort: SADBNATTraversalPort? {
        first { if case .natTraversalDestinationPort(let value) = $0 { value } else { nil } }
    }
    /// X_NAT_T_OA.
    public var natTraversalOriginalAddress: SADBAddress? {
        first { if case .natTraversalOriginalAddress(let value) = $0 { value } else { nil } }
    }
    /// X_KMADDRESS.
    public var kmAddress: SADBKMAddress? { first { if case .kmAddress(let value) = $0 { value } else { nil } } }

    /// The first extension of `type`, if any.
    public func firstExtension(ofType type: SADBExtensionType) -> SADBExtension? {
        extensions.first { $0.type == type }
    }

    private func first<T>(_ pick: (SADBExtension) -> T?) -> T? {
        for item in extensions { if let value = pick(item) { return value } }
        return nil
    }
}
