internal import IKECrypto
internal import ISAKMP

/// The result of a completed Quick Mode: what both SAs are installed with.
struct Phase2Negotiated {
    /// The negotiated transform, with the final lifetime.
    var transform: Phase2Transform
    /// Our SPI: the inbound SA's.
    var ourSPI: UInt32
    /// The peer's SPI: the outbound SA's.
    var peerSPI: UInt32
    /// KEYMAT for the inbound SA, split into encryption then authentication key.
    var inboundKeys: (encryption: SecretBytes, authentication: SecretBytes)
    /// KEYMAT for the outbound SA.
    var outboundKeys: (encryption: SecretBytes, authentication: SecretBytes)
}

/// Quick Mode building blocks shared by both roles (RFC 2409 §5.5; inventory §6.4).
enum QuickModeExchange {
    /// The 4-byte SPI in network order.
    static func spiBytes(_ spi: UInt32) -> [UInt8] {
        [UInt8(spi >> 24), UInt8(truncatingIfNeeded: spi >> 16), UInt8(truncatingIfNeeded: spi >> 8),
         UInt8(truncatingIfNeeded: spi)]
    }

    /// A 4-byte SPI as an integer, or `nil`.
    static func spi(_ bytes: [UInt8]) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        return bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    /// The first IV of the exchange: hash(last phase-1 block | M-ID).
    static func initialIV(_ phase1: Phase1SA, messageID: MessageID) throws(Phase2Error) -> [UInt8] {
        do {
            return try phase1.exchangeIV(messageID: messageID)
        } catch {
            throw .internalFailure("\(error)")
        }
    }

    /// Seals `payloads` behind a HASH computed by `hash` over the bytes after the HASH payload.
    static func seal(
        _ phase1: Phase1SA, messageID: MessageID, iv: [UInt8], random: any RandomSource, payloads: [Payload],
        hash: ([UInt8]) throws(IKECryptoError) -> [UInt8]
    ) throws(Phase2Error) -> ISAKMPMessageSealer.Sealed {
        do {
            let tail = PayloadChain(payloads).bytes
            let hashPayload = Payload.hash(HashPayload(hashData: try hash(tail)))
            let header = ISAKMPHeader(
                initiatorCookie: phase1.initiatorCookie, responderCookie: phase1.responderCookie,
                exchangeType: .quickMode, messageID: messageID)
            return try phase1.sealer.seal(header: header, payloads: [hashPayload] + payloads, iv: iv, random: random)
        } catch {
            throw .internalFailure("\(error)")
        }
    }

    /// Opens a Quick Mode message and checks that it starts with a HASH (RFC 2409 §5.5).
    static func open(
        _ phase1: Phase1SA, _ message: ISAKMPMessage, iv: [UInt8]
    ) throws(Phase2Error) -> (payloads: ReceivedPayloads, hash: [UInt8], nextIV: [UInt8]) {
        let opened: ISAKMPMessageSealer.Opened
        do {
            opened = try phase1.sealer.open(message, iv: iv)
        } catch {
            throw .undecryptable("\(error)")
        }
        let payloads = ReceivedPayloads(opened.chain)
        guard case .hash(let hash)? = opened.chain.payloads.first else {
            throw .missingPayload(.hash, message: "the Quick Mode message (HASH must come first)")
        }
        return (payloads, hash.hashData, opened.nextIV)
    }

    /// Checks a nonce's length.
    static func nonce(_ payloads: ReceivedPayloads, message: String) throws(Phase2Error) -> [UInt8] {
        guard let nonce = payloads.nonces.first else { throw .missingPayload(.nonce, message: message) }
        guard Phase1Exchange.nonceLengths.contains(nonce.nonceData.count) else {
            throw .invalidNonce(length: nonce.nonceData.count)
        }
        return nonce.nonceData
    }

    /// A fresh nonce.
    static func makeNonce(size: Int, random: any RandomSource) throws(Phase2Error) -> [UInt8] {
        do {
            return try random.bytes(count: min(max(size, 8), 256))
        } catch {
            throw .internalFailure("random source: \(error)")
        }
    }

    /// The PFS shared secret g(qm)^xy, after validating the peer's value.
    static func pfsSecret(_ keyPair: DHKeyPair, peerPublic: [UInt8]) throws(Phase2Error) -> SecretBytes {
        do {
            try DHKeyPair.validatePeerPublicValue(peerPublic, group: keyPair.group)
            return try keyPair.sharedSecret(peerPublicValue: peerPublic)
        } catch {
            throw .crypto(error)
        }
    }

    /// KEYMAT for both directions (the inbound SA uses our SPI, the outbound the peer's; nonces always Ni | Nr).
    static func keys(
        _ phase1: Phase1SA, transform: Phase2Transform, ourSPI: UInt32, peerSPI: UInt32, pfsSecret: SecretBytes?,
        initiatorNonce: [UInt8], responderNonce: [UInt8]
    ) throws(Phase2Error) -> (inbound: (SecretBytes, SecretBytes), outbound: (SecretBytes, SecretBytes)) {
        let encryptionLength = transform.encryption.keyByteCount
        let length = encryptionLength + transform.authentication.keyByteCount
        func split(_ spi: UInt32) throws(IKECryptoError) -> (SecretBytes, SecretBytes) {
            let material = try phase1.keys.keyMaterial(
                protocolID: transform.securityProtocol.rawValue, spi: spi, initiatorNonce: initiatorNonce,
                responderNonce: responderNonce, pfsSharedSecret: pfsSecret, length: length)
            let keys = IPsecSAKeys(
                splitting: material, encryptionKeyLength: encryptionLength,
                authenticationKeyLength: length - encryptionLength)
            return (keys.encryptionKey, keys.authenticationKey)
        }
        do {
            return (try split(ourSPI), try split(peerSPI))
        } catch {
            throw .internalFailure("\(error)")
        }
    }

    /// Checks an authenticator in constant time.
    static func verify(_ received: [UInt8], _ expected: [UInt8], which: String) throws(Phase2Error) {
        guard Phase1Exchange.verify(received, expected) else { throw .hashMismatch(which: which) }
    }

    /// RESPONDER-LIFETIME (RFC 2407 §4.6.3.1): the lifetime attributes we impose.
    static func responderLifetime(seconds: UInt32, spi: UInt32) -> NotificationPayload {
        var writer = WireWriter(reservingCapacity: 8)
        DataAttribute.integer(type: IPsecAttributeType.saLifeType.rawValue, 1).write(into: &writer)
        DataAttribute.integer(type: IPsecAttributeType.saLifeDuration.rawValue, UInt64(seconds)).write(into: &writer)
        return NotificationPayload(
            protocolID: .esp, notifyType: .responderLifetime, spi: spiBytes(spi), notificationData: writer.bytes)
    }

    /// The lifetime in a RESPONDER-LIFETIME notify, if it carries one in seconds.
    static func responderLifetimeSeconds(_ notification: NotificationPayload) -> UInt32? {
        guard notification.notifyType == .responderLifetime else { return nil }
        var reader = WireReader(notification.notificationData)
        var lifeType: UInt64 = 1
        var seconds: UInt32?
        while !reader.isAtEnd {
            guard let attribute = try? DataAttribute(parsing: &reader), let value = attribute.integerValue else {
                return nil
            }
            switch IPsecAttributeType(rawValue: attribute.type) {
            case .saLifeType: lifeType = value
            case .saLifeDuration: if lifeType == 1 { seconds = UInt32(clamping: value) }
            default: continue
            }
        }
        return seconds
    }
}
