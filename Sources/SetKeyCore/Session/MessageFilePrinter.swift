public import PFKeyListener

/// `setkey file...`: prints PF_KEY messages stored back to back in a file (as `fileproc()` does), using
/// the SAD or SPD format according to each message's type.
public struct MessageFilePrinter: Sendable {
    /// The formatter.
    public var formatter: DumpFormatter

    /// Creates a printer.
    public init(formatter: DumpFormatter) { self.formatter = formatter }

    /// Splits `bytes` into messages by their `sadb_msg_len`; stops with an error at the first malformed one.
    public static func split(_ bytes: [UInt8]) throws(SADBError) -> [SADBMessage] {
        var messages: [SADBMessage] = []
        var offset = 0
        while offset < bytes.count {
            guard bytes.count - offset >= 16 else { throw .messageTooShort(length: bytes.count - offset) }
            let length = (Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8) * 8
            guard length >= 16, length <= bytes.count - offset else {
                throw .messageLengthMismatch(declared: length, actual: bytes.count - offset)
            }
            messages.append(try SADBMessage(parsing: Array(bytes[offset..<offset + length])))
            offset += length
        }
        return messages
    }

    /// The text setkey prints for these messages.
    public func render(_ messages: [SADBMessage]) -> String {
        messages.map { message in
            switch message.type {
            case .dump, .get: return formatter.formatSecurityAssociation(message)
            case .spdDump, .spdGet: return formatter.formatPolicy(message)
            default: return ""
            }
        }.joined()
    }
}
