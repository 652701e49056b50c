internal import IKECrypto
internal import ISAKMP

/// Main Mode's last two messages, MM5 and MM6 (RFC 2409 §5: `HDR*, IDx1, HASH_x`), opened: the first encrypted
/// messages of phase 1, each carrying its sender's identity and hash.
struct Phase1IdentityMessage {
    /// Every payload, for the notifies beside them (INITIAL-CONTACT).
    let payloads: ReceivedPayloads
    /// IDii or IDir.
    let identification: IdentificationPayload
    /// HASH_I or HASH_R.
    let hash: HashPayload
    /// The IV after this message (its last cipher block).
    let nextIV: [UInt8]

    /// Decrypts `message` as `name` (`.mm5` or `.mm6`); `nil` if it is not encrypted (then it is not this message).
    /// A body that does not decrypt, or lacks the ID or HASH payload, throws.
    init?(
        opening message: ISAKMPMessage, sealer: ISAKMPMessageSealer, iv: [UInt8], name: Phase1Message, peer: Endpoint
    ) throws(Phase1Error) {
        guard message.encryptedBody != nil else { return nil }
        let opened: ISAKMPMessageSealer.Opened
        do {
            opened = try sealer.open(message, iv: iv)
        } catch {
            throw .undecryptable(message: name.rawValue, peer: "\(peer.address)", cause: "\(error)")
        }
        payloads = ReceivedPayloads(opened.chain)
        guard let identification = payloads.identifications.first else {
            throw .missingPayload(.identification, message: name.rawValue)
        }
        guard let hash = payloads.hashes.first else { throw .missingPayload(.hash, message: name.rawValue) }
        self.identification = identification
        self.hash = hash
        nextIV = opened.nextIV
    }
}
