internal import ISAKMP
internal import PFKeyListener
public import RaccoonCore

/// A readable transcript of everything engines did in a testbed run: each event an engine handled, each effect it
/// returned (datagrams with their decoded header and payload list, PF_KEY requests, timer arm and disarm, key-log
/// rows without keys) and the log lines it wrote meanwhile, one line each, so that a reviewer sees a behaviour change
/// in a diff. Datagrams also carry their bytes in hex, as the byte-level golden transcript does.
///
/// Times are relative to the testbed's start. Never key material: PF_KEY messages are summarised by
/// `SADBMessage.description`, key-log rows by their table.
public struct EffectTranscript: Sendable {
    public private(set) var lines: [String] = []
    let origin: MonotonicInstant

    public init(origin: MonotonicInstant) {
        self.origin = origin
    }

    /// The transcript as text, one line per entry and a final newline.
    public var text: String { lines.joined(separator: "\n") + "\n" }

    mutating func record(
        node: String, event: EngineEvent, at now: MonotonicInstant, effects: [EngineEffect], logLines: [String]
    ) {
        let elapsed = (now.nanoseconds - origin.nanoseconds) / 1_000_000
        lines.append("+\(elapsed)ms \(node) <- \(Self.describe(event))")
        for line in logLines { lines.append("    log \(line)") }
        for effect in effects { lines.append(contentsOf: Self.describe(effect, origin: origin).map { "    " + $0 }) }
    }

    static func describe(_ event: EngineEvent) -> String {
        switch event {
        case .datagram(let datagram): return "datagram " + describe(datagram, arrow: "<-")
        case .kernel(let message): return "pfkey " + describe(message)
        case .timerFired(let timer): return "timer \(timer)"
        case .reloadRequested: return "reload"
        case .shutdownRequested: return "shutdown"
        }
    }

    static func describe(_ effect: EngineEffect, origin: MonotonicInstant) -> [String] {
        switch effect {
        case .send(let datagram):
            return ["send " + describe(datagram, arrow: "->"), "    hex " + datagram.bytes.map(hex).joined()]
        case .kernel(let message):
            return ["pfkey " + describe(message)]
        case .armTimer(let timer, let deadline):
            return ["arm \(timer) at +\((deadline.nanoseconds - origin.nanoseconds) / 1_000_000)ms"]
        case .disarmTimer(let timer):
            return ["disarm \(timer)"]
        case .keysDerived(let record):
            return ["keys derived for \(record.tableName)"]
        }
    }

    /// `10.0.0.1[500] -> 10.0.0.2[500] IdentityProtection msgid 0 [SA, VID]`, or `… encrypted 76 bytes`.
    static func describe(_ datagram: Datagram, arrow: String) -> String {
        let ends = arrow == "->" ? "\(datagram.local) -> \(datagram.remote)" : "\(datagram.local) <- \(datagram.remote)"
        guard let message = try? ISAKMPMessage(parsing: datagram.bytes) else {
            return "\(ends) \(datagram.bytes.count) bytes, not ISAKMP"
        }
        let header = message.header
        let body: String
        if let encrypted = message.encryptedBody {
            body = "encrypted \(encrypted.count) bytes"
        } else {
            body = "[" + message.payloads.map { "\($0.payloadType)" }.joined(separator: ", ") + "]"
        }
        return "\(ends) \(header.exchangeType) msgid \(header.messageID.rawValue) \(body)"
    }

    /// `SADB_UPDATE satype=ESP seq=… spi=0x… 10.0.0.2 -> 10.0.0.1`: never key bytes.
    static func describe(_ message: SADBMessage) -> String {
        var text = "\(message)"
        if let spi = message.securityAssociation?.spi { text += " spi=0x\(String(spi, radix: 16))" }
        if let source = message.sourceAddress?.address, let destination = message.destinationAddress?.address {
            text += " \(source) -> \(destination)"
        }
        return text
    }

    static let hexDigits = Array("0123456789abcdef")

    static func hex(_ byte: UInt8) -> String {
        String([hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0f)]])
    }
}
