@testable import ISAKMP

/// One sample of every payload kind (and of every ID type), used by the round-trip and truncation tests.
enum PayloadSamples {
    static let phase1SA = SecurityAssociationPayload(proposals: [
        ProposalPayload(
            number: 1, protocolID: .isakmp, spi: [],
            transforms: [
                TransformPayload(
                    number: 1, transformID: TransformID.ISAKMP.keyIKE,
                    attributes: [
                        .integer(type: OakleyAttributeType.encryptionAlgorithm.rawValue, 7),
                        .integer(type: OakleyAttributeType.keyLength.rawValue, 256),
                        .integer(type: OakleyAttributeType.hashAlgorithm.rawValue, 2),
                        .integer(type: OakleyAttributeType.groupDescription.rawValue, 14),
                        .integer(type: OakleyAttributeType.authenticationMethod.rawValue, 1),
                        .integer(type: OakleyAttributeType.lifeType.rawValue, 1),
                        .integer(type: OakleyAttributeType.lifeDuration.rawValue, 86_400),
                    ]),
                TransformPayload(
                    number: 2, transformID: TransformID.ISAKMP.keyIKE,
                    attributes: [
                        .integer(type: OakleyAttributeType.encryptionAlgorithm.rawValue, 5),
                        .integer(type: OakleyAttributeType.hashAlgorithm.rawValue, 1),
                    ]),
            ])
    ])

    static let securityContext = try! SecurityContext(context: "system_u:object_r:ipsec_spd_t:s0")

    static let phase2SA = SecurityAssociationPayload(proposals: [
        ProposalPayload(
            number: 1, protocolID: .esp, spi: [0xc0, 0xff, 0xee, 0x01],
            transforms: [
                TransformPayload(
                    number: 1, transformID: TransformID.ESP.aes,
                    attributes: [
                        .integer(type: IPsecAttributeType.saLifeType.rawValue, 1),
                        DataAttribute(
                            type: IPsecAttributeType.saLifeDuration.rawValue, value: .variable([0, 0, 0x0e, 0x10])),
                        .integer(type: IPsecAttributeType.encapsulationMode.rawValue, 2),
                        .integer(type: IPsecAttributeType.keyLength.rawValue, 128),
                        .integer(type: IPsecAttributeType.authenticationAlgorithm.rawValue, 2),
                        .integer(type: IPsecAttributeType.groupDescription.rawValue, 2),
                        securityContext.attribute(),
                    ]),
                TransformPayload(
                    number: 2, transformID: TransformID.ESP.tripleDES,
                    attributes: [
                        .integer(type: IPsecAttributeType.authenticationAlgorithm.rawValue, 2),
                        securityContext.attribute(),
                    ]),
            ]),
        ProposalPayload(
            number: 2, protocolID: .ipcomp, spi: [0x12, 0x34],
            transforms: [
                TransformPayload(number: 1, transformID: TransformID.IPComp.deflate, attributes: [])
            ]),
    ])

    static let v4: [UInt8] = [10, 99, 0, 1]
    static let v4b: [UInt8] = [10, 99, 0, 255]
    static let v6: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]
    static let v6b: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0xff, count: 12)

    static let identificationData: [IdentificationData] = [
        .ipv4Address(v4), .fqdn(Array("gw.example.org".utf8)), .userFQDN(Array("admin@example.org".utf8)),
        .ipv4Subnet(address: [10, 99, 0, 0], mask: [255, 255, 255, 0]), .ipv6Address(v6),
        .ipv6Subnet(address: v6, mask: [UInt8](repeating: 0xff, count: 8) + [UInt8](repeating: 0, count: 8)),
        .ipv4Range(start: v4, end: v4b), .ipv6Range(start: v6, end: v6b),
        .derASN1DN([0x30, 0x0b, 0x31, 0x09, 0x30, 0x07, 0x06, 0x03, 0x55, 0x04, 0x03]),
        .derASN1GN([0x82, 0x03, 0x61, 0x62, 0x63]), .keyID([0xde, 0xad, 0xbe, 0xef]),
        .unknown(type: IdentificationType(rawValue: 200), data: [1, 2, 3]),
    ]

    static var all: [Payload] {
        [
            .securityAssociation(phase1SA),
            .securityAssociation(phase2SA),
            .keyExchange(KeyExchangePayload(keyExchangeData: (0..<128).map { UInt8(truncatingIfNeeded: $0 &* 7) })),
            .certificate(CertificatePayload(encoding: 4, certificateData: [0x30, 0x82, 0x01, 0x00])),
            .certificateRequest(CertificateRequestPayload(certificateType: 4, certificateAuthority: [])),
            .hash(HashPayload(hashData: [UInt8](repeating: 0xab, count: 20))),
            .signature(SignaturePayload(signatureData: [1, 2, 3, 4, 5])),
            .nonce(NoncePayload(nonceData: [UInt8](repeating: 0x5a, count: 16))),
            .notification(
                NotificationPayload(
                    protocolID: .isakmp, notifyType: .initialContact, spi: [UInt8](repeating: 7, count: 16))),
            .notification(
                NotificationPayload(
                    protocolID: .isakmp, notifyType: .rUThere, spi: [UInt8](repeating: 9, count: 16),
                    notificationData: [0, 0, 0x0f, 0xff])),
            .notification(
                NotificationPayload(
                    doi: .isakmp, protocolID: .esp, notifyType: .unknown(40_000), spi: [], notificationData: [42])),
            .notification(
                NotificationPayload(
                    protocolID: .esp, notifyType: .responderLifetime, spi: [1, 2, 3, 4],
                    notificationData: [0x80, 0x01, 0x00, 0x01, 0x80, 0x02, 0x0e, 0x10])),
            .delete(DeletePayload(protocolID: .esp, spis: [[1, 2, 3, 4], [5, 6, 7, 8]])),
            .delete(DeletePayload(protocolID: .isakmp, spis: [[UInt8](repeating: 3, count: 16)])),
            .vendorID(VendorIDPayload(.deadPeerDetection)),
            .vendorID(VendorIDPayload(.fragmentation(capabilities: 0x8000_0000))),
            .vendorID(VendorIDPayload(vendorID: [])),
            .vendorID(VendorIDPayload(vendorID: [0x01, 0x02, 0x03])),
            .natDiscovery(NATDiscoveryPayload(hashData: [UInt8](repeating: 0x11, count: 20))),
            .natDiscovery(NATDiscoveryPayload(hashData: [UInt8](repeating: 0x22, count: 16), isDraft: true)),
            .natOriginalAddress(NATOriginalAddressPayload(address: v4)),
            .natOriginalAddress(NATOriginalAddressPayload(address: v6, isDraft: true)),
            .fragment(FragmentPayload(fragmentID: 7, fragmentNumber: 1, isLast: false, fragmentData: [1, 2, 3])),
            .fragment(FragmentPayload(fragmentID: 7, fragmentNumber: 2, isLast: true, fragmentData: [4])),
            .unknown(type: .attribute, body: [0x01, 0x00, 0x00, 0x00]),
        ] + identificationData.map { .identification(IdentificationPayload(data: $0, protocolID: 17, port: 500)) }
    }
}
