import Dispatch
import Foundation
import Glibc
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

@Suite("Admin protocol")
struct AdminTests {
    @Test("racoonctl's commands parse")
    func parseCommands() throws {
        #expect(try AdminCommand.parse(["reload-config"]) == .reloadConfig)
        #expect(try AdminCommand.parse(["show-sa", "-l", "isakmp"]) == .showSA(.isakmp))
        #expect(try AdminCommand.parse(["flush-sa", "ipsec"]) == .flushSA(.ipsec))
        #expect(try AdminCommand.parse(["vpn-connect", "-u", "bob", "10.0.0.2"])
            == .vpnConnect(gateway: .v4(10, 0, 0, 2), identity: "bob"))
        #expect(try AdminCommand.parse(["delete-sa", "isakmp", "inet", "10.0.0.1", "10.0.0.2"])
            == .deleteSA(.isakmp(source: .v4(10, 0, 0, 1), destination: .v4(10, 0, 0, 2))))
        let esp = try AdminCommand.parse(["establish-sa", "esp", "inet", "10.0.0.1/32/any", "10.0.1.0/24/80", "tcp"])
        #expect(esp == .establishSA(
            .ipsec(protocol: .esp, source: .init(address: .v4(10, 0, 0, 1), prefixLength: 32, port: nil),
                   destination: .init(address: .v4(10, 0, 1, 0), prefixLength: 24, port: 80), upperLayer: "tcp"),
            identity: nil))
    }

    @Test(
        "bad requests are rejected with a reason",
        arguments: [
            [], ["frobnicate"], ["show-sa"], ["show-sa", "bogus"], ["reload-config", "now"],
            ["vpn-connect", "not-an-address"], ["delete-sa", "isakmp", "inet", "::1", "10.0.0.2"],
            ["establish-sa", "esp", "inet", "10.0.0.1/33", "10.0.0.2", "any"], ["vpn-connect", "-u"],
            ["delete-sa", "esp", "inet", "10.0.0.1", "10.0.0.2", "bogus"], ["delete-sa", "esp", "inet", "10.0.0.1", "10.0.0.2", "256"],
        ])
    func badRequests(words: [String]) {
        #expect(throws: AdminError.self) { try AdminCommand.parse(words) }
    }

    @Test("a selector's protocol is racoonctl's name or a number; any is PF_KEY's 255")
    func protocolWords() throws {
        #expect(AdminCommand.ipProtocolNumber("any") == 255)
        #expect(AdminCommand.ipProtocolNumber("tcp") == 6 && AdminCommand.ipProtocolNumber("icmp6") == 58)
        #expect(AdminCommand.ipProtocolNumber("132") == 132 && AdminCommand.ipProtocolNumber("sctp") == nil)
        #expect(try AdminCommand.parse(["delete-sa", "esp", "inet6", "fd00::1", "fd00::2/128/443", "tcp"])
            == .deleteSA(.ipsec(
                protocol: .esp, source: .init(address: IPAddress("fd00::1")!, prefixLength: 128, port: nil),
                destination: .init(address: IPAddress("fd00::2")!, prefixLength: 128, port: 443), upperLayer: "tcp")))
    }

    @Test("raccoonctl: -s names the socket, like racoonctl, -f a racoon.conf; options come before the command")
    func raccoonctlInvocation() throws {
        #expect(try RaccoonctlInvocation.parse(["show-sa", "isakmp"])
            == .send(words: ["show-sa", "isakmp"], socketPath: nil, configurationPath: nil, json: false))
        #expect(try RaccoonctlInvocation.parse(["-s", "/tmp/r.sock", "--json", "vpn-disconnect", "10.0.0.2"])
            == .send(words: ["vpn-disconnect", "10.0.0.2"], socketPath: "/tmp/r.sock", configurationPath: nil, json: true))
        #expect(try RaccoonctlInvocation.parse(["-f", "/etc/racoon/other.conf", "show-status"])
            == .send(words: ["show-status"], socketPath: nil, configurationPath: "/etc/racoon/other.conf", json: false))
        #expect(try RaccoonctlInvocation.parse(["-h"]) == .help)
        #expect(throws: AdminError.badRequest("-s needs a socket path")) { try RaccoonctlInvocation.parse(["-s"]) }
        #expect(throws: AdminError.badRequest("-f needs a racoon.conf path")) { try RaccoonctlInvocation.parse(["-f"]) }
        #expect(throws: AdminError.badRequest("-s and -f both name the socket: give one")) {
            try RaccoonctlInvocation.parse(["-s", "/tmp/r.sock", "-f", "/tmp/racoon.conf", "show-status"])
        }
        #expect(throws: AdminError.self) { try RaccoonctlInvocation.parse(["-x", "show-status"]) }
        #expect(throws: AdminError.self) { try RaccoonctlInvocation.parse(["-s", "/tmp/r.sock"]) }
        #expect(throws: AdminError.self) { try RaccoonctlInvocation.parse(["establish-sa", "bogus"]) }
    }

    @Test("requests and responses are single JSON lines")
    func wireFormat() throws {
        let line = AdminRequest(arguments: ["show-sa", "isakmp"], json: true).encodedLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(String(decoding: line, as: UTF8.self) == "{\"arguments\":[\"show-sa\",\"isakmp\"],\"json\":true}\n")
        let response = AdminResponse(ok: true, text: "two\nlines")
        let encoded = response.encodedLine()
        #expect(encoded.filter { $0 == UInt8(ascii: "\n") }.count == 1)
        #expect(try AdminResponse.decode(Array(encoded.dropLast())) == response)
        #expect(throws: AdminError.self) { try AdminRequest.decode(Array("not json".utf8)) }
    }

    @Test("the server answers, rejects garbage, and keeps serving; the socket is 0600")
    func serverRoundTrip() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/run/raccoon.sock"
        let loop = EventLoop(label: "admin-test")
        nonisolated(unsafe) var server: AdminServer?
        try loop.queue.sync {
            server = try AdminServer(path: path, loop: loop) { request in
                AdminResponse(ok: true, text: "echo " + request.arguments.joined(separator: " "))
            }
        }
        var info = stat()
        #expect(stat(path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(try AdminClient.send(AdminRequest(arguments: ["show-status"]), to: path).text == "echo show-status")
        let garbage = try rawExchange(path, "{{{\n")
        #expect(garbage.contains("\"ok\":false") && garbage.contains("bad request"))
        let long = try rawExchange(path, String(repeating: "x", count: AdminRequest.maximumLength + 10))
        #expect(long.contains("longer than"))
        #expect(try AdminClient.send(AdminRequest(arguments: ["again"]), to: path).ok)
        loop.queue.sync { server?.close() }
        #expect(access(path, F_OK) != 0)
        #expect(throws: AdminError.self) { try AdminClient.send(AdminRequest(arguments: ["x"]), to: path) }
    }

    /// Sends raw bytes and reads the reply line.
    private func rawExchange(_ path: String, _ text: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(connected == 0)
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            reply += chunk[0..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
