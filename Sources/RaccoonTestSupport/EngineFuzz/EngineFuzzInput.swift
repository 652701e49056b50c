/// How the engine fuzz target reads its input bytes (`Fuzz/EngineFuzzer`, `EngineFuzzHarness`).
///
/// Byte 0 chooses the mode (bits 0-1) and the sender (bits 2-3); the rest is a sequence of records, each a 16-bit
/// big-endian length and that many bytes (a short last record takes what is left). At most
/// ``maximumRecords`` records are used.
///
/// - `.raw` records are whole UDP payloads (an ISAKMP datagram, RFC 2408 §3.1).
/// - `.encrypted`/`.authenticated` records are `exchange type, message ID (4 bytes), first payload, plaintext`:
///   the harness encrypts the plaintext under the established ISAKMP SA (and, when authenticated, prepends
///   HASH(1), RFC 2409 §5.5/§5.7).
public struct EngineFuzzInput: Equatable, Sendable {
    /// Which responder the records reach, and how.
    public enum Mode: UInt8, Sendable, CaseIterable {
        /// Raw datagrams to a responder with no ISAKMP SA (before phase 1).
        case beforePhase1 = 0
        /// Raw datagrams to a responder with an established ISAKMP SA and IPsec SA pair.
        case rawAfterPhase1 = 1
        /// Plaintexts encrypted with the established phase-1 keys, without HASH(1) (unauthenticated).
        case encrypted = 2
        /// Plaintexts encrypted with the established phase-1 keys, after a valid HASH(1) (authenticated).
        case authenticated = 3
    }

    /// Who sends the records.
    public enum Sender: UInt8, Sendable, CaseIterable {
        /// The configured peer, port 500 (it has a pre-shared key).
        case peer = 0
        /// The configured peer from port 4500.
        case peerNATPort = 1
        /// A stranger without a pre-shared key, port 500.
        case stranger = 2
        /// The configured peer from port 0 (dropped, RFC 768 reserves it).
        case portZero = 3
    }

    /// One encrypted record.
    public struct Protected: Equatable, Sendable {
        /// The ISAKMP exchange type (RFC 2408 §3.1).
        public var exchangeType: UInt8
        /// The message ID.
        public var messageID: UInt32
        /// The first payload's type.
        public var firstPayload: UInt8
        /// The payload chain to encrypt.
        public var plaintext: [UInt8]
    }

    /// The most records one input delivers.
    public static let maximumRecords = 8

    public var mode: Mode
    public var sender: Sender
    public var records: [[UInt8]]

    /// Decodes `bytes`; nil when empty.
    public init?(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return nil }
        mode = Mode(rawValue: first & 3)!
        sender = Sender(rawValue: (first >> 2) & 3)!
        records = []
        var index = 1
        while index < bytes.count, records.count < Self.maximumRecords {
            guard index + 1 < bytes.count else { break }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            let start = index + 2
            let end = min(bytes.count, start + length)
            records.append(Array(bytes[start..<end]))
            index = end
        }
    }

    /// An input from its parts (seeds).
    public init(mode: Mode, sender: Sender = .peer, records: [[UInt8]]) {
        self.mode = mode
        self.sender = sender
        self.records = records
    }

    /// The encoded bytes.
    public var bytes: [UInt8] {
        var out = [mode.rawValue | sender.rawValue << 2]
        for record in records {
            out += [UInt8(record.count >> 8), UInt8(truncatingIfNeeded: record.count)] + record
        }
        return out
    }

    /// A record as an encrypted message; nil when shorter than its 6-byte prefix.
    public static func protected(_ record: [UInt8]) -> Protected? {
        guard record.count >= 6 else { return nil }
        let messageID = record[1...4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Protected(
            exchangeType: record[0], messageID: messageID, firstPayload: record[5], plaintext: Array(record[6...]))
    }

    /// The record for an encrypted message.
    public static func record(_ message: Protected) -> [UInt8] {
        [message.exchangeType] + (0..<4).map { UInt8(truncatingIfNeeded: message.messageID >> (24 - 8 * UInt32($0))) }
            + [message.firstPayload] + message.plaintext
    }
}
