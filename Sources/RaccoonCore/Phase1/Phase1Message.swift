/// The phase-1 message a state machine waits for, named as in RFC 2409 §5 (MM1–MM6 in Main Mode, AM1–AM3 in
/// Aggressive Mode). Rules compare these values; the raw value is only for log lines.
enum Phase1Message: String, CustomStringConvertible {
    /// The machine has not sent its first message.
    case none = "nothing"
    /// Main Mode: the responder's SA.
    case mm2 = "MM2"
    /// Main Mode: the initiator's KE and nonce.
    case mm3 = "MM3"
    /// Main Mode: the responder's KE and nonce.
    case mm4 = "MM4"
    /// Main Mode: the initiator's identity and HASH_I, the first encrypted message.
    case mm5 = "MM5"
    /// Main Mode: the responder's identity and HASH_R.
    case mm6 = "MM6"
    /// Aggressive Mode: the responder's SA, KE, nonce, identity and HASH_R.
    case am2 = "AM2"
    /// Aggressive Mode: the initiator's HASH_I.
    case am3 = "AM3"
    /// The exchange is complete.
    case established = "nothing (established)"

    var description: String { rawValue }
}
