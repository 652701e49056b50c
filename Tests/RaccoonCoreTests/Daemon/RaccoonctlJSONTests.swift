import Foundation
import Glibc
import Testing
@testable import RaccoonCore

/// `raccoonctl --json` prints `AdminResponse.prettyJSON()` of the daemon's reply. Every command's reply, from a
/// daemon with a negotiated SA pair, is checked against the schema documented in docs/raccoonctl-json.schema.json
/// (read from the tree, so the document and the output cannot drift apart).
@Suite("raccoonctl --json matches its documented schema, command by command", .serialized)
struct RaccoonctlJSONTests {
    static let schemaPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/raccoonctl-json.schema.json").path

    static func validator() throws -> SchemaValidator {
        let text = try #require(FileManager.default.contents(atPath: schemaPath))
        return SchemaValidator(root: try JSONValue.parse(String(decoding: text, as: UTF8.self)))
    }

    @Test("each command's --json reply is valid against the schema")
    func everyCommand() throws {
        let validator = try Self.validator()

        let directory = TemporaryDirectory()
        let (a, b) = (IPAddress.v4(127, 0, 0, 1), IPAddress.v4(127, 0, 0, 2))
        let (portA, portB) = (try freeUDPPort(), try freeUDPPort())
        let adminPath = directory.path + "/a.sock"
        let hostA = try TwoDaemonsTests.start(
            name: "a", me: a, port: portA, peer: b, peerPort: portB, directory: directory, adminSocket: adminPath)
        defer { hostA.loop.queue.sync { hostA.daemon.shutdown() } }
        let hostB = try TwoDaemonsTests.start(name: "b", me: b, port: portB, peer: a, peerPort: portA, directory: directory)
        defer { hostB.loop.queue.sync { hostB.daemon.shutdown() } }
        #expect(TwoDaemonsTests.negotiate(from: hostA, a, to: hostB, b))

        /// Sends `words` with --json, checks the printed document against the schema and `ok`, returns it.
        @discardableResult
        func command(_ words: String..., ok: Bool) throws -> JSONValue {
            let response = try AdminClient.send(AdminRequest(arguments: words, json: true), to: adminPath)
            let printed = response.prettyJSON()
            let document = try JSONValue.parse(printed)
            let problems = validator.validate(document)
            #expect(problems.isEmpty, "\(words.joined(separator: " ")): \(problems)\n\(printed)")
            #expect(response.ok == ok, "\(words.joined(separator: " ")): \(response.text)")
            #expect((document["status"] != nil) == ok, "status is present exactly on success")
            return document
        }

        let status = try command("show-status", ok: true)
        #expect(status["status"]?["engine"]?["ipsecSAs"]?.count == 2)
        #expect(status["status"]?["engine"]?["isakmpSAs"]?.count == 1)
        try command("show-sa", "isakmp", ok: true)
        try command("show-sa", "esp", ok: true)
        try command("show-sa", "ipsec", ok: true)
        try command("reload-config", ok: true)
        // Already established: refused (racoon's EEXIST), and the refusal has no status.
        try command("establish-sa", "isakmp", "inet", "127.0.0.1", "127.0.0.2", ok: false)
        try command("delete-sa", "esp", "inet", "127.0.0.1", "127.0.0.2", "any", ok: true)
        try command("establish-sa", "esp", "inet", "127.0.0.1", "127.0.0.2", "any", ok: true)
        try command("flush-sa", "ipsec", ok: true)
        try command("delete-sa", "isakmp", "inet", "127.0.0.1", "127.0.0.2", ok: true)
        try command("vpn-connect", "127.0.0.2", ok: true)
        try command("vpn-disconnect", "127.0.0.2", ok: true)
        try command("flush-sa", "isakmp", ok: true)
        try command("delete-sa", "isakmp", "inet", "127.0.0.1", "127.0.0.3", ok: false)
    }

    @Test("the validator refuses what the schema forbids (a check that can fail)")
    func validatorRefuses() throws {
        let validator = try Self.validator()
        func problems(_ text: String) throws -> [String] { validator.validate(try JSONValue.parse(text)) }
        #expect(try problems(#"{"ok": true, "text": "x"}"#).isEmpty)
        #expect(try problems(#"{"ok": 1, "text": "x"}"#) == ["$.ok: not of type boolean"])
        #expect(try problems(#"{"text": "x"}"#) == ["$: missing ok"])
        #expect(try problems(#"{"ok": true, "text": "x", "extra": 1}"#) == ["$: unexpected extra"])
        #expect(try problems(#"{"ok": true, "text": "x", "status": {"pid": 1.5}}"#).contains("$.status.pid: not of type integer"))
    }
}

/// A parsed JSON document that keeps booleans, integers and other numbers apart (JSONDecoder refuses a number
/// as a Bool and a fraction as an Int).
enum JSONValue: Decodable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case boolean(Bool)
    case integer(Int)
    case number(Double)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .boolean(value) }
        else if let value = try? container.decode(Int.self) { self = .integer(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var count: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}

/// The part of JSON Schema the document uses: type, required, properties, additionalProperties: false, items, $ref
/// to #/$defs/NAME. Returns one line per violation, with its JSON path.
struct SchemaValidator {
    let root: JSONValue

    func validate(_ value: JSONValue) -> [String] {
        check(value, against: root, at: "$")
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if case .string(let reference)? = schema["$ref"] {
            let name = String(reference.dropFirst("#/$defs/".count))
            guard reference.hasPrefix("#/$defs/"), let target = root["$defs"]?[name] else {
                return ["\(path): unknown $ref \(reference)"]
            }
            return check(value, against: target, at: path)
        }
        var problems: [String] = []
        switch (schema["type"], value) {
        case (.string("object")?, .object(let members)):
            if case .array(let required)? = schema["required"] {
                for case .string(let name) in required where members[name] == nil { problems.append("\(path): missing \(name)") }
            }
            for (name, member) in members.sorted(by: { $0.key < $1.key }) {
                if let memberSchema = schema["properties"]?[name] {
                    problems += check(member, against: memberSchema, at: "\(path).\(name)")
                } else if schema["additionalProperties"] == .boolean(false) {
                    problems.append("\(path): unexpected \(name)")
                }
            }
        case (.string("array")?, .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { problems += check(item, against: itemSchema, at: "\(path)[\(index)]") }
            }
        case (.string("string")?, .string), (.string("boolean")?, .boolean), (.string("integer")?, .integer):
            break
        case (.string(let type)?, _):
            problems.append("\(path): not of type \(type)")
        default:
            problems.append("\(path): the schema has no type here")
        }
        return problems
    }
}
