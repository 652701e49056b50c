// FoundationEssentials, not Foundation: JSON without ICU's data, so raccoonctl and raccoon stay small.
internal import FoundationEssentials

/// One request on the admin socket: a single line of JSON, `{"arguments":["show-sa","isakmp"],"json":false}`.
public struct AdminRequest: Codable, Hashable, Sendable {
    /// The command words, as typed after `raccoonctl`.
    public var arguments: [String]
    /// `--json`: the reply carries the structured status as well as the text.
    public var json: Bool

    /// A request.
    public init(arguments: [String], json: Bool = false) {
        self.arguments = arguments
        self.json = json
    }

    /// The longest request line the daemon reads; longer ones are refused.
    public static let maximumLength = 8192

    /// The request as one line (with its newline).
    public func encodedLine() -> [UInt8] {
        AdminWire.encode(self)
    }

    /// Decodes a request line (without the newline).
    public static func decode(_ line: [UInt8]) throws(AdminError) -> AdminRequest {
        guard let request = try? JSONDecoder().decode(AdminRequest.self, from: Data(line)) else {
            throw .badRequest("the request is not a JSON object with \"arguments\" and \"json\"")
        }
        return request
    }
}

/// The daemon's answer: one line of JSON.
public struct AdminResponse: Codable, Hashable, Sendable {
    /// Whether the command succeeded.
    public var ok: Bool
    /// Human-readable output (or the error message).
    public var text: String
    /// With `--json`: the daemon's status.
    public var status: DaemonStatus?

    /// A response.
    public init(ok: Bool, text: String, status: DaemonStatus? = nil) {
        self.ok = ok
        self.text = text
        self.status = status
    }

    /// An error response.
    public static func failure(_ error: AdminError) -> AdminResponse {
        AdminResponse(ok: false, text: error.description)
    }

    /// The response as one line (with its newline).
    public func encodedLine() -> [UInt8] {
        AdminWire.encode(self)
    }

    /// The response as indented JSON with sorted keys (`raccoonctl --json`; the schema is in docs/daemon.md).
    public func prettyJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Decodes a response line.
    public static func decode(_ line: [UInt8]) throws(AdminError) -> AdminResponse {
        guard let response = try? JSONDecoder().decode(AdminResponse.self, from: Data(line)) else {
            throw .failed("the daemon's reply could not be decoded")
        }
        return response
    }
}

/// JSON encoding shared by requests and responses: sorted keys, one line (JSON escapes every newline inside
/// strings, so the line ends exactly at the final `\n`).
enum AdminWire {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
