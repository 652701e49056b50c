public import IKECrypto
internal import ISAKMP

/// The fixed-key harness seam (`Fuzz/EngineFuzzer`, tests): encrypts arbitrary plaintext under one of the engine's
/// established ISAKMP SAs, with the same ``ISAKMPMessageSealer`` the engine uses, so that a harness sharing the
/// process can make fuzzed payload chains reach Quick Mode and Informational parsing after decryption.
///
/// Visible only to `@_spi(FixedKeyHarness) import RaccoonCore`; the daemon never calls it.
extension IKEEngine {
    /// The datagram of a protected message (RFC 2408 §3.1, E flag) on the established ISAKMP SA with `peer`:
    /// header with the SA's cookies, `exchangeType`, `messageID` and `firstPayload`; body `plaintext` padded and
    /// encrypted along the exchange's first IV, hash(last phase-1 CBC block | M-ID) (RFC 2409 Appendix B).
    ///
    /// With `prependingHash`, the body starts with a HASH payload of prf(SKEYID_a, M-ID | plaintext), which is
    /// HASH(1) of RFC 2409 §5.5 (Quick Mode) and §5.7 (Informational, when `plaintext` is one payload), so the
    /// message passes authentication. Returns nil when there is no established ISAKMP SA with `peer`.
    @_spi(FixedKeyHarness)
    public func sealedDatagram(
        toPeer peer: IPAddress, exchangeType: UInt8, messageID: UInt32, firstPayload: UInt8, plaintext: [UInt8],
        prependingHash: Bool, random: any RandomSource
    ) -> [UInt8]? {
        guard let sa = oldestEstablishedSA(with: peer) else { return nil }
        var body = plaintext
        var first = firstPayload
        do {
            if prependingHash {
                let hash = try sa.keys.quickModeHash1(messageID: messageID, payloads: plaintext)
                // RFC 2408 §3.2 generic payload header: next payload, reserved, 16-bit length.
                let length = 4 + hash.count
                body = [firstPayload, 0, UInt8(length >> 8), UInt8(truncatingIfNeeded: length)] + hash + plaintext
                first = PayloadType.hash.rawValue
            }
            let header = ISAKMPHeader(
                initiatorCookie: sa.initiatorCookie, responderCookie: sa.responderCookie,
                nextPayload: PayloadType(rawValue: first), exchangeType: ExchangeType(rawValue: exchangeType),
                flags: .encryption, messageID: MessageID(rawValue: messageID))
            return try sa.sealer.seal(
                header: header, body: body, iv: sa.exchangeIV(messageID: MessageID(rawValue: messageID)),
                random: random
            ).bytes
        } catch {
            return nil
        }
    }

    /// The decrypted payload chain of a protected message `bytes` from `peer` on its established ISAKMP SA: the
    /// first payload type and the chain's bytes without padding (the harness's seeds are real plaintexts). Only
    /// for the first message of an exchange, whose IV is derived from phase 1 (RFC 2409 Appendix B).
    @_spi(FixedKeyHarness)
    public func openedFirstMessage(fromPeer peer: IPAddress, bytes: [UInt8]) -> (firstPayload: UInt8, plaintext: [UInt8])? {
        guard let message = try? ISAKMPMessage(parsing: bytes),
            let sa = oldestEstablishedSA(with: peer),
            let iv = try? sa.exchangeIV(messageID: message.header.messageID),
            let opened = try? sa.sealer.open(message, iv: iv)
        else { return nil }
        return (message.header.nextPayload.rawValue, opened.chain.bytes)
    }

    private func oldestEstablishedSA(with peer: IPAddress) -> Phase1SA? {
        context.phase1s.records(with: peer).lazy.compactMap(\.sa).first
    }
}
