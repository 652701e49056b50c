import Testing

@testable import ISAKMP

/// Every IKE datagram of the strongSwan lab captures parses and re-serialises byte for byte (issue 3).
@Suite struct GoldenPacketTests {
    @Test func everyCaptureIsPresent() {
        // 7 captures, 61 IKE datagrams (see Fixtures/README).
        #expect(goldenPackets.count == 61)
    }

    @Test(arguments: goldenPackets)
    func parsesAndReserialisesByteIdentically(_ packet: GoldenPacket) throws {
        let parsed = try ISAKMPMessage(parsing: packet.bytes)
        #expect(parsed.serialized() == packet.bytes)
        #expect(Int(parsed.header.length) == packet.bytes.count)
        let encrypted = packet.name.hasSuffix("-encrypted")
        #expect(parsed.header.flags.contains(.encryption) == encrypted)
        if encrypted {
            let body = try #require(parsed.encryptedBody)
            #expect(body == Array(packet.bytes[28...]))
            #expect(body.count % 8 == 0)
        } else {
            // Rebuilding from the parsed payloads (builder path) gives the same bytes too.
            let rebuilt = ISAKMPMessage(header: parsed.header, payloads: parsed.payloads)
            #expect(rebuilt.serialized() == packet.bytes)
        }
    }

    @Test func mainMode1OfThe3DESCaptureCarriesTheProposalAndVendorIDs() throws {
        let parsed = try ISAKMPMessage(parsing: try golden("fake-pair-3des-01-MM1"))
        #expect(parsed.header.initiatorCookie.description == "a70927f9ee30b20d")
        #expect(parsed.header.responderCookie.isZero)
        #expect(parsed.header.exchangeType == .identityProtection)
        #expect(parsed.header.messageID == .zero)
        #expect(parsed.payloads.map(\.payloadType) == [.securityAssociation] + Array(repeating: .vendorID, count: 5))
        guard case .securityAssociation(let sa) = parsed.payloads[0] else { Issue.record("no SA"); return }
        #expect(sa.bodyBytes.count == 48)  // SA[52] minus the generic header
        #expect(sa.doi == .ipsec)
        #expect(sa.proposals.count == 1)
        let proposal = sa.proposals[0]
        #expect(proposal.protocolID == .isakmp)
        #expect(proposal.spi.isEmpty)
        #expect(proposal.transforms.count == 1)
        let transform = proposal.transforms[0]
        #expect(transform.transformID == TransformID.ISAKMP.keyIKE)
        // Encryption-Algorithm: 3DES-CBC; Hash: SHA; Group: 2; Auth: PSK; Life-Type: Seconds; Life-Duration: 15840
        #expect(transform.attributes.map(\.type) == [1, 2, 4, 3, 11, 12])
        #expect(transform.attributes.map(\.integerValue) == [5, 2, 2, 1, 1, 15840])
        #expect(transform.attributes.allSatisfy { $0.isBasic })
        let vids = parsed.payloads.dropFirst().compactMap { payload -> KnownVendorID? in
            guard case .vendorID(let vid) = payload else { return nil }
            return vid.known
        }
        #expect(
            vids == [
                .xauth, .deadPeerDetection, .fragmentation(capabilities: 0x8000_0000), .natTraversalRFC3947,
                .natTraversalDraft(version: 2, draftNewline: true),
            ])
    }

    @Test func multiProposalMainMode1ListsFourTransforms() throws {
        let parsed = try ISAKMPMessage(parsing: try golden("fake-pair-multi-proposal-01-MM1"))
        guard case .securityAssociation(let sa) = parsed.payloads.first else { Issue.record("no SA"); return }
        let transforms = sa.proposals[0].transforms
        #expect(transforms.map(\.number) == [1, 2, 3, 4])
        let encryption = OakleyAttributeType.encryptionAlgorithm.rawValue
        let hash = OakleyAttributeType.hashAlgorithm.rawValue
        let keyLength = OakleyAttributeType.keyLength.rawValue
        #expect(transforms.map { $0.attribute(encryption)?.integerValue } == [7, 5, 5, 7])
        #expect(transforms.map { $0.attribute(hash)?.integerValue } == [2, 2, 1, 1])
        #expect(transforms.map { $0.attribute(keyLength)?.integerValue } == [128, nil, nil, 128])
    }

    @Test func mainMode3CarriesKENonceAndTwoNATDs() throws {
        let parsed = try ISAKMPMessage(parsing: try golden("fake-pair-3des-03-MM3"))
        #expect(parsed.payloads.map(\.payloadType) == [.keyExchange, .nonce, .natDiscovery, .natDiscovery])
        guard case .keyExchange(let ke) = parsed.payloads[0], case .nonce(let nonce) = parsed.payloads[1],
            case .natDiscovery(let natd) = parsed.payloads[2]
        else { Issue.record("unexpected payloads"); return }
        #expect(ke.keyExchangeData.count == 128)  // KE[132], MODP-1024
        #expect(nonce.nonceData.count == 32)  // Ni[36]
        #expect(natd.hashData.count == 20)  // NAT-D[24], SHA-1
        #expect(!natd.isDraft)
    }

    @Test func aggressiveMode1CarriesAnIPv4Identity() throws {
        let parsed = try ISAKMPMessage(parsing: try golden("fake-pair-aggressive-01-AM1"))
        #expect(parsed.header.exchangeType == .aggressive)
        #expect(
            Array(parsed.payloads.map(\.payloadType).prefix(4)) == [
                .securityAssociation, .keyExchange, .nonce, .identification,
            ])
        guard case .identification(let id) = parsed.payloads[3] else { Issue.record("no ID"); return }
        #expect(id.data == .ipv4Address([10, 99, 0, 1]))
        #expect(id.protocolID == 0 && id.port == 0)
        #expect(id.bodyBytes == [1, 0, 0, 0, 10, 99, 0, 1])
        let second = try ISAKMPMessage(parsing: try golden("fake-pair-aggressive-02-AM2"))
        #expect(second.payloads.last?.payloadType == .hash)
    }

    @Test func encryptedQuickModeExposesHeaderAndCiphertext() throws {
        let parsed = try ISAKMPMessage(parsing: try golden("fake-pair-3des-07-QM1-encrypted"))
        #expect(parsed.header.exchangeType == .quickMode)
        #expect(parsed.header.messageID.rawValue == 0x33aa_f363)
        #expect(parsed.header.nextPayload == .hash)
        #expect(parsed.encryptedBody?.count == 280)
        let info = try ISAKMPMessage(parsing: try golden("netlink-initiator-09-INFO-encrypted"))
        #expect(info.header.exchangeType == .informational)
        #expect(info.encryptedBody?.count == 48)
    }

    /// The decrypted body of fake-pair-3des MM5, rebuilt from the lab's decrypted dissection
    /// (exchange.decrypted.V.txt): ID, HASH, N(INITIAL-CONTACT), then strongSwan's 8 zero padding bytes
    /// ("Extra data: 0000000000000000", no pad-length byte).
    static let decryptedMainMode5 = hex(
        """
        0800000c01000000 0a630001
        0b000018 567ebf916d5978cd468244e7cfec5f7ae52a417d
        0000001c 00000001 01 10 6002 a70927f9ee30b20d047a523291b489e1
        0000000000000000
        """)

    @Test func decryptedBodyWithStrongSwanZeroPaddingParses() throws {
        let body = GoldenPacketTests.decryptedMainMode5
        #expect(body.count == 72)  // encrypted=72 in the layout
        let header = try ISAKMPMessage(parsing: try golden("fake-pair-3des-05-MM5-encrypted")).header
        let chain = try PayloadChain.parse(body, first: header.nextPayload)
        #expect(chain.trailingByteCount == 8)
        #expect(chain.payloads.map(\.payloadType) == [.identification, .hash, .notification])
        guard case .notification(let notify) = chain.payloads[2] else { Issue.record("no notify"); return }
        #expect(notify.notifyType == .initialContact)
        #expect(notify.protocolID == .isakmp)
        #expect(notify.spi == header.initiatorCookie.bytes + header.responderCookie.bytes)
        #expect(Array(chain.bodyBytes(at: 0)) == [1, 0, 0, 0, 10, 99, 0, 1])  // IDii_b for HASH_I
        #expect(chain.bytes == Array(body[0..<64]))
        // The same body in an unencrypted message is trailing garbage.
        var plain = header
        plain.flags = []
        var writer = WireWriter()
        plain.length = UInt32(28 + body.count)
        plain.write(into: &writer)
        writer.writeBytes(body)
        #expect(throws: ISAKMPParseError.trailingBytes(count: 8)) { _ = try ISAKMPMessage(parsing: writer.bytes) }
    }

    @Test func racoonStylePaddingWithPadLengthByteParses() throws {
        // racoon pads with random bytes and puts the pad length (minus one) last (inventory §2.2, exclusive_tail).
        let payloads: [Payload] = [.hash(HashPayload(hashData: [UInt8](repeating: 1, count: 20)))]
        let plain = PayloadChain(payloads).bytes
        let padded = plain + [0x9c, 0x31, 0x07, 0x03]
        let chain = try PayloadChain.parse(padded, first: .hash)
        #expect(chain.payloads == payloads)
        #expect(chain.trailingByteCount == 4)
        #expect(chain.bytes == plain)
    }

    @Test func quickModeHashCoversEveryPayloadAfterHash() throws {
        // QM1: HASH(1), SA, Ni, KE, IDci, IDcr (RFC 2409 §5.5), plus padding after the last payload.
        let payloads: [Payload] = [
            .hash(HashPayload(hashData: [UInt8](repeating: 0, count: 20))),
            .securityAssociation(PayloadSamples.phase2SA),
            .nonce(NoncePayload(nonceData: [UInt8](repeating: 0x4e, count: 16))),
            .keyExchange(KeyExchangePayload(keyExchangeData: [UInt8](repeating: 0x4b, count: 128))),
            .identification(IdentificationPayload(data: .ipv4Address([10, 99, 0, 1]))),
            .identification(IdentificationPayload(data: .ipv4Address([10, 99, 0, 2]))),
        ]
        let built = PayloadChain(payloads)
        let chain = try PayloadChain.parse(built.bytes + [0, 0, 0, 0, 0, 0, 0, 7], first: .hash)
        let covered = chain.bytes(after: 0)
        #expect(covered.count == built.bytes.count - 24)
        #expect(Array(covered) == Array(built.bytes[24...]))
        // It starts with the SA's generic header (next payload NONCE) and ends with the last ID's address.
        #expect(covered.first == PayloadType.nonce.rawValue)
        #expect(Array(covered.suffix(4)) == [10, 99, 0, 2])
        // Informational HASH(1) covers only the payload after HASH (inventory §6.5).
        #expect(chain.payloadBytes(at: 1).count == 4 + PayloadSamples.phase2SA.bodyBytes.count)
    }
}
