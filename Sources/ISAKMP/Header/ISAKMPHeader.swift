/// The fixed 28-byte ISAKMP header (RFC 2408 §3.1).
///
/// ```
///  Initiator Cookie (8) | Responder Cookie (8) | Next Payload (1) | MjVer/MnVer (1) | Exchange Type (1) |
///  Flags (1) | Message ID (4) | Length (4)
/// ```
public struct ISAKMPHeader: Hashable, Sendable {
    /// The initiator's cookie (CKY-I).
    public var initiatorCookie: Cookie
    /// The responder's cookie (CKY-R); zero in the first message of an exchange.
    public var responderCookie: Cookie
    /// The type of the first payload. For an encrypted message, the first payload of the plaintext.
    public var nextPayload: PayloadType
    /// The major version; 1 for ISAKMP/IKEv1.
    public var majorVersion: UInt8
    /// The minor version; 0 in every implementation seen. Other values are kept, not rejected.
    public var minorVersion: UInt8
    /// The exchange type.
    public var exchangeType: ExchangeType
    /// The E, C and A flags.
    public var flags: HeaderFlags
    /// The message ID.
    public var messageID: MessageID
    /// The length of the whole message, header included. ``ISAKMPMessage`` fills it when serialising.
    public var length: UInt32

    /// The version octet, major in the high nibble.
    public var versionOctet: UInt8 { (majorVersion << 4) | (minorVersion & 0x0f) }

    /// A header with the given fields; version 1.0 and length 0 (filled when the message is serialised) by default.
    public init(
        initiatorCookie: Cookie, responderCookie: Cookie = .zero, nextPayload: PayloadType = .none,
        majorVersion: UInt8 = 1, minorVersion: UInt8 = 0, exchangeType: ExchangeType,
        flags: HeaderFlags = [], messageID: MessageID = .zero, length: UInt32 = 0
    ) {
        self.initiatorCookie = initiatorCookie
        self.responderCookie = responderCookie
        self.nextPayload = nextPayload
        self.majorVersion = majorVersion
        self.minorVersion = minorVersion
        self.exchangeType = exchangeType
        self.flags = flags
        self.messageID = messageID
        self.length = length
    }

    // MARK: - Reading

    /// Reads and checks a header (inventory §6.1).
    ///
    /// Checks the initiator cookie is nonzero, the major version is 1, the exchange type is not NONE or reserved,
    /// only E, C and A are set, C is not set with message ID 0, and 28 ≤ Length ≤ 65535. Whether Length matches the
    /// datagram is checked by ``ISAKMPMessage/init(parsing:)``.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        guard reader.remaining >= ISAKMPLimits.headerLength else {
            throw .headerTooShort(datagramLength: reader.remaining)
        }
        initiatorCookie = Cookie(rawValue: try reader.readInteger())
        responderCookie = Cookie(rawValue: try reader.readInteger())
        nextPayload = PayloadType(rawValue: try reader.readInteger())
        let version: UInt8 = try reader.readInteger()
        majorVersion = version >> 4
        minorVersion = version & 0x0f
        let exchange: UInt8 = try reader.readInteger()
        exchangeType = ExchangeType(rawValue: exchange)
        let flagsOctet: UInt8 = try reader.readInteger()
        flags = HeaderFlags(rawValue: flagsOctet)
        messageID = MessageID(rawValue: try reader.readInteger())
        length = try reader.readInteger()

        // RFC 2408 §3.1 / racoon isakmp_main: a zero initiator cookie is never valid.
        guard !initiatorCookie.isZero else { throw .zeroInitiatorCookie }
        // RFC 2408 §5.2: a major version other than ours gives INVALID-MAJOR-VERSION.
        guard majorVersion == 1 else { throw .invalidMajorVersion(majorVersion) }
        // RFC 2408 §3.1: 0 is NONE and 7–31 are reserved (6 is ModeCfg's Transaction exchange).
        guard exchange != 0, !(7...31).contains(exchange) else { throw .invalidExchangeType(exchange) }
        // RFC 2408 §3.1: only E, C and A are defined.
        guard flags.subtracting(.defined).isEmpty else { throw .invalidFlags(flagsOctet) }
        // racoon isakmp_main: the commit bit with message ID 0 gives INVALID-FLAGS.
        guard !(flags.contains(.commit) && messageID == .zero) else { throw .commitFlagWithZeroMessageID }
        guard length >= UInt32(ISAKMPLimits.headerLength), length <= UInt32(ISAKMPLimits.maximumMessageLength) else {
            throw .lengthMismatch(headerLength: length, datagramLength: reader.remaining + ISAKMPLimits.headerLength)
        }
    }

    // MARK: - Writing

    /// Writes the 28 header bytes as they are (``length`` included).
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(initiatorCookie.rawValue)
        writer.writeInteger(responderCookie.rawValue)
        writer.writeInteger(nextPayload.rawValue)
        writer.writeInteger(versionOctet)
        writer.writeInteger(exchangeType.rawValue)
        writer.writeInteger(flags.rawValue)
        writer.writeInteger(messageID.rawValue)
        writer.writeInteger(length)
    }
}
