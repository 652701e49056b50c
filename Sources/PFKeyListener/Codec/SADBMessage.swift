/// A PF_KEY v2 message: the `sadb_msg` header and its extensions (RFC 2367 §2.2).
///
/// This type is the single place where host byte order and 8-byte length units are handled: `parse(_:)` checks
/// every length against the message, `serialize()` computes them.
public struct SADBMessage: Equatable, Sendable, CustomStringConvertible {
    /// `sadb_msg_type`.
    public var type: SADBMessageType
    /// `sadb_msg_errno`: non-zero in a reply when the request failed, or in an ACQUIRE we send to give up.
    public var errno: UInt8
    /// `sadb_msg_satype`.
    public var saType: SADBSAType
    /// `sadb_msg_seq`.
    public var sequence: UInt32
    /// `sadb_msg_pid`: the sender's process id (0 for kernel-originated messages).
    public var pid: UInt32
    /// `sadb_msg_reserved` (must be 0 for Linux to accept a request).
    public var reserved: UInt16
    /// The extensions, in wire order.
    public var extensions: [SADBExtension]

    /// A message. `sadb_msg_version` is always 2 and `sadb_msg_len` is computed when serialising.
    public init(
        type: SADBMessageType, saType: SADBSAType = .unspecified, sequence: UInt32 = 0, pid: UInt32 = 0,
        errno: UInt8 = 0, extensions: [SADBExtension] = []
    ) {
        self.type = type
        self.errno = errno
        self.saType = saType
        self.sequence = sequence
        self.pid = pid
        self.reserved = 0
        self.extensions = extensions
    }

    /// `SADB_GETSPI seq=1 pid=42 ESP errno=0 [SA, ADDRESS_SRC, …]`: never key bytes.
    public var description: String {
        let names = extensions.map { $0.type.description }.joined(separator: ", ")
        return "\(type) satype=\(saType) seq=\(sequence) pid=\(pid) errno=\(errno) [\(names)]"
    }

    // MARK: - Reading

    /// Decodes one whole message (as read from the socket) and reports oddities that were tolerated.
    public static func parse(_ bytes: [UInt8]) throws(SADBError) -> SADBParseResult {
        guard bytes.count >= SADBConstants.messageHeaderSize else { throw .messageTooShort(length: bytes.count) }
        var header = SADBReader(bytes, range: 0..<SADBConstants.messageHeaderSize, extensionType: 0)
        let version = try header.readUInt8()
        guard version == SADBConstants.version else { throw .unsupportedVersion(version) }
        let type = SADBMessageType(rawValue: try header.readUInt8())
        let errno = try header.readUInt8()
        let saType = SADBSAType(rawValue: try header.readUInt8())
        let declared = Int(try header.readUInt16()) * SADBConstants.wordSize
        let reserved = try header.readUInt16()
        let sequence = try header.readUInt32()
        let pid = try header.readUInt32()
        // RFC 2367 §2.2: sadb_msg_len covers the whole message, header included.
        guard declared == bytes.count else { throw .messageLengthMismatch(declared: declared, actual: bytes.count) }

        var message = SADBMessage(type: type, saType: saType, sequence: sequence, pid: pid, errno: errno)
        message.reserved = reserved
        var warnings: [SADBParseWarning] = []
        var seen = Set<UInt16>()
        var offset = SADBConstants.messageHeaderSize
        while offset < bytes.count {
            guard bytes.count - offset >= SADBConstants.extensionHeaderSize else {
                throw .extensionHeaderTruncated(offset: offset)
            }
            let words = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let extensionType = UInt16(bytes[offset + 2]) | UInt16(bytes[offset + 3]) << 8
            let length = words * SADBConstants.wordSize
            guard length > 0 else { throw .zeroLengthExtension(type: extensionType) }
            guard length <= bytes.count - offset else {
                throw .extensionOverrunsMessage(type: extensionType, length: length, remaining: bytes.count - offset)
            }
            if !seen.insert(extensionType).inserted { warnings.append(.duplicateExtension(type: extensionType)) }
            var reader = SADBReader(
                bytes, range: offset + SADBConstants.extensionHeaderSize..<offset + length, extensionType: extensionType)
            let parsed = try SADBExtension.parse(type: extensionType, reader: &reader)
            if SADBExtension.isKnown(extensionType) {
                // Round-trip check: a known extension must re-encode to the same bytes, otherwise reserved or
                // padding bytes were set (or the length was larger than the structure needs).
                var check = SADBWriter(reservingCapacity: length)
                parsed.write(into: &check)
                if check.bytes.count != length || !check.bytes.elementsEqual(bytes[offset..<offset + length]) {
                    warnings.append(.nonCanonicalExtension(type: extensionType))
                }
            } else {
                warnings.append(.unknownExtension(type: extensionType, length: length))
            }
            message.extensions.append(parsed)
            offset += length
        }
        return SADBParseResult(message: message, warnings: warnings)
    }

    /// Decodes one whole message, dropping warnings.
    public init(parsing bytes: [UInt8]) throws(SADBError) {
        self = try Self.parse(bytes).message
    }

    // MARK: - Writing

    /// Encodes the message with `sadb_msg_len` computed. The result may hold key bytes: zero it after sending.
    public func serialize() -> [UInt8] {
        var writer = SADBWriter(reservingCapacity: 256)
        writer.write(SADBConstants.version)
        writer.write(type.rawValue)
        writer.write(errno)
        writer.write(saType.rawValue)
        writer.write(UInt16(0))
        writer.write(reserved)
        writer.write(sequence)
        writer.write(pid)
        for item in extensions { item.write(into: &writer) }
        precondition(writer.count <= SADBConstants.maximumMessageSize, "PF_KEY message longer than sadb_msg_len allows")
        writer.patch(UInt16(writer.count / SADBConstants.wordSize), at: 4)
        return writer.bytes
    }
}

/// A decoded message and the oddities that were tolerated while decoding it.
public struct SADBParseResult: Equatable, Sendable {
    /// The message.
    public var message: SADBMessage
    /// Unknown or duplicate extensions and non-canonical encodings, for the log.
    public var warnings: [SADBParseWarning]

    /// A result.
    public init(message: SADBMessage, warnings: [SADBParseWarning] = []) {
        self.message = message
        self.warnings = warnings
    }
}
