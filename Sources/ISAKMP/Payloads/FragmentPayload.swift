/// An IKE fragment payload, type 132, Cisco/Microsoft style (inventory §6.9).
///
/// ```
///  Fragment ID (2) | Fragment Number (1) | Flags (1) | Fragment Data
/// ```
/// A message too large for one datagram is split into fragments numbered from 1; the last carries
/// ``lastFragmentFlag``. Reassembly (ordering, duplicates, bounds) is the engine's job; this type only rejects the
/// structurally impossible: no data (CVE-2009-1574) and fragment number 0.
public struct FragmentPayload: Hashable, Sendable {
    /// The payload type.
    public static let payloadType = PayloadType.fragment
    /// Flag bit marking the last fragment of a message.
    public static let lastFragmentFlag: UInt8 = 0x01

    /// The identifier shared by all fragments of one message.
    public let fragmentID: UInt16
    /// The fragment's position, from 1.
    public let fragmentNumber: UInt8
    /// The flags octet, kept as received.
    public let flags: UInt8
    /// The fragment's share of the original message (at least one byte).
    public let fragmentData: [UInt8]

    /// True for the last fragment.
    public var isLast: Bool { flags & FragmentPayload.lastFragmentFlag != 0 }

    /// A fragment; the number must be nonzero and the data non-empty.
    public init(fragmentID: UInt16, fragmentNumber: UInt8, isLast: Bool, fragmentData: [UInt8]) {
        precondition(fragmentNumber > 0 && !fragmentData.isEmpty, "fragments are numbered from 1 and carry data")
        self.fragmentID = fragmentID
        self.fragmentNumber = fragmentNumber
        self.flags = isLast ? FragmentPayload.lastFragmentFlag : 0
        self.fragmentData = fragmentData
    }

    // MARK: - Reading

    /// Reads the body.
    public init(parsing reader: inout WireReader) throws(ISAKMPParseError) {
        fragmentID = try reader.readInteger()
        fragmentNumber = try reader.readInteger()
        flags = try reader.readInteger()
        guard fragmentNumber > 0, !reader.isAtEnd else { throw .invalidFragment }
        fragmentData = reader.readRemainingBytes()
    }

    // MARK: - Writing

    /// Writes the body.
    public func write(into writer: inout WireWriter) {
        writer.writeInteger(fragmentID)
        writer.writeInteger(fragmentNumber)
        writer.writeInteger(flags)
        writer.writeBytes(fragmentData)
    }
}
