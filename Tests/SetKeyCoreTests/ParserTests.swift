import Foundation
import Testing

@testable import SetKeyCore

@Suite struct SeedDocumentTests {
    @Test func labeledPolicyFileLoadsAsWritten() throws {
        let text = try fixture("seed-policy-a.conf")
        let statements = try SetKeyParser.parse(Array(text), file: "/tmp/setkey.ipsec")
        #expect(statements.count == 2)
        let label = SecurityContext(doi: 1, algorithm: 1, context: Array("system_u:object_r:unlabeled_t:s0:c0".utf8))
        let require = IPsecRequest(proto: .esp, mode: .transport, level: .require)
        #expect(
            statements[0].command
                == .spdAdd(
                    PolicyEntry(
                        source: SelectorAddress(ip("10.0.0.1")), destination: SelectorAddress(ip("10.0.0.2")),
                        upperLayerProtocol: 255, securityContext: label,
                        policy: PolicySpec(direction: .outbound, action: .ipsec, requests: [require]))))
        #expect(statements[0].location == SourceLocation(file: "/tmp/setkey.ipsec", line: 5, column: 2))
        guard case .spdAdd(let inbound) = statements[1].command else {
            Issue.record("second statement is not spdadd")
            return
        }
        #expect(inbound.policy.direction == .inbound)
        #expect(inbound.source.address == ip("10.0.0.2"))
        #expect(inbound.securityContext?.wireLength == 36)
        #expect(statements[1].location.line == 9)
    }

    @Test func manualSAExamplesLoad() throws {
        let statements = try SetKeyParser.parse(Array(try fixture("seed-manual-sa.conf")), file: "sa.conf")
        #expect(statements.count == 2)
        guard case .add(let sa) = statements[0].command else {
            Issue.record("not an add")
            return
        }
        #expect(sa.source == Endpoint(ip("10.0.0.1")))
        #expect(sa.destination == Endpoint(ip("10.0.0.2")))
        #expect(sa.proto == SAProtocol(satype: .esp))
        #expect(sa.spi == 35590)
        #expect(sa.extensions.mode == .transport)
        #expect(sa.extensions.securityContext?.context == Array("system_u:object_r:unlabeled_t:s0".utf8))
        #expect(sa.extensions.flags == SAExtensions.flagCyclicSequence)
        guard case .esp(let enc, let encKey, let auth, let authKey) = sa.algorithms else {
            Issue.record("not esp algorithms")
            return
        }
        #expect(enc.name == "3des-cbc" && enc.sadbID == 3)
        #expect(encKey.bytes == Array("06183223c23a21e8b36c566b".utf8))
        #expect(auth?.sadbID == 2)
        #expect(authKey?.bytes == Array("IPSETEST89ABCDEF".utf8))
        guard case .add(let second) = statements[1].command else { return }
        #expect(second.spi == 12360)
        #expect(statements[1].location == SourceLocation(file: "sa.conf", line: 9, column: 1))
    }
}

@Suite struct CommandTests {
    @Test func addWithEveryExtension() throws {
        let command = try parseOne(
            """
            add -4n 10.0.11.41 10.0.11.33 esp 0x10001 -m tunnel -r 32 -u 7 -f random-pad -f nocyclic-seq
                -lh 3600 -ls 2880 -bh 1000000 -bs 800000 -ctx 1 1 "a_u:b_r:c_t:s0"
                -E aes-cbc 0x00112233445566778899aabbccddeeff -A hmac-sha256
                0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f ;
            """)
        guard case .add(let sa) = command else {
            Issue.record("not add")
            return
        }
        #expect(sa.spi == 0x10001)
        var expected = SAExtensions()
        expected.mode = .tunnel
        expected.replay = 32
        expected.reqid = 7
        expected.flags = SAExtensions.flagRandomPad
        expected.hardLifetimeSeconds = 3600
        expected.softLifetimeSeconds = 2880
        expected.hardLifetimeBytes = 1_000_000
        expected.softLifetimeBytes = 800_000
        expected.securityContext = SecurityContext(doi: 1, algorithm: 1, context: Array("a_u:b_r:c_t:s0".utf8))
        #expect(sa.extensions == expected)
        guard case .esp(let enc, let key, let auth, let authKey) = sa.algorithms else { return }
        #expect(enc.sadbID == 12)
        #expect(key.bytes.count == 16 && key.bytes.first == 0x00 && key.bytes.last == 0xFF)
        #expect(auth?.name == "hmac-sha256")
        #expect(authKey?.bytes.count == 32)
    }

    @Test func addAH_IPComp_NullAndEspUdp() throws {
        guard case .add(let ah) = try parseOne("add 1.1.1.1 2.2.2.2 ah 300 -A hmac-sha1 \"12345678901234567890\";")
        else { return }
        #expect(ah.algorithms == .ah(authentication: .named("hmac-sha1")!, key: KeyMaterial(Array("12345678901234567890".utf8))))

        guard case .add(let comp) = try parseOne("add 1.1.1.1 2.2.2.2 ipcomp 0x4000 -C deflate -R;") else { return }
        #expect(comp.algorithms == .ipcomp(.deflate, rawCPI: true))
        #expect(comp.extensions.flags == SAExtensions.flagCyclicSequence | SAExtensions.flagRawCPI)

        guard case .add(let null) = try parseOne("add 1.1.1.1 2.2.2.2 esp 0x300 -E null -A null;") else { return }
        #expect(null.algorithms == .esp(encryption: .named("null")!, encryptionKey: KeyMaterial([]),
                                         authentication: .named("null")!, authenticationKey: nil))

        guard case .add(let udp) = try parseOne(
            "add 10.0.0.1[4500] 10.0.0.2[4501] esp-udp 192.168.1.5 0x1001 -E aes-cbc \"0123456789abcdef\";")
        else { return }
        #expect(udp.source.port == 4500 && udp.destination.port == 4501)
        #expect(udp.proto.udpEncapsulation?.originalAddress == ip("192.168.1.5"))
        #expect(udp.spi == 0x1001)

        guard case .add(let old) = try parseOne("add 1.1.1.1 2.2.2.2 esp-old 999 -E des-cbc 0x0102030405060708;")
        else { return }
        #expect(old.proto.isOld && old.extensions.flags & SAExtensions.flagOld != 0)
    }

    @Test func hexKeyWithOddDigitCountGetsLeadingNibble() throws {
        guard case .add(let sa) = try parseOne("add 1.1.1.1 2.2.2.2 esp 256 -E des-cbc 0x102030405060708;") else {
            return
        }
        guard case .esp(_, let key, _, _) = sa.algorithms else { return }
        #expect(key.bytes == [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08])
    }

    @Test func getDeleteDeleteallGetspi() throws {
        let id = SecurityAssociationID(source: ip("10.0.0.1"), destination: ip("10.0.0.2"), satype: .esp, spi: 35590)
        #expect(try parseOne("get 10.0.0.1 10.0.0.2 esp 35590;") == .get(id))
        #expect(try parseOne("delete 10.0.0.1 10.0.0.2 esp 0x8b06 ;") == .delete(id))
        #expect(
            try parseOne("deleteall 10.0.0.1 10.0.0.2 ah;")
                == .deleteAll(source: ip("10.0.0.1"), destination: ip("10.0.0.2"), satype: .ah))
        guard case .getSPI(let larval) = try parseOne("getspi 10.0.0.1 10.0.0.2 esp 0 -m transport -u 3;") else {
            return
        }
        #expect(larval.algorithms == nil && larval.extensions.reqid == 3)
    }

    @Test(arguments: [
        ("flush;", SetKeyCommand.flush(.unspecified)),
        ("flush esp;", .flush(.esp)),
        ("dump ;", .dump(.unspecified)),
        ("dump ah;", .dump(.ah)),
        ("dump ipcomp;", .dump(.ipcomp)),
        ("spdflush;", .spdFlush),
        ("spddump;", .spdDump),
        ("exit;", .exit),
        ("quit ;", .exit),
        ("bye;", .exit),
    ])
    func shortCommands(text: String, expected: SetKeyCommand) throws {
        #expect(try parseOne(text) == expected)
    }

    @Test func exitStopsReading() throws {
        let statements = try parse("flush; exit; this is not parsed")
        #expect(statements.map(\.command) == [.flush(.unspecified), .exit])
    }

    @Test func selectorsWithPrefixesPortsAndProtocols() throws {
        guard case .spdAdd(let entry) = try parseOne(
            "spdadd 10.0.11.0/24[21] 10.0.12.0/24[any] tcp -P out ipsec esp/tunnel/192.168.0.1-192.168.1.2/require ;")
        else { return }
        #expect(entry.source == SelectorAddress(ip("10.0.11.0"), prefixLength: 24, port: 21))
        #expect(entry.destination == SelectorAddress(ip("10.0.12.0"), prefixLength: 24, port: 0))
        #expect(entry.upperLayerProtocol == 6)
        let request = entry.policy.requests[0]
        #expect(request.mode == .tunnel && request.level == .require)
        #expect(request.tunnel?.source == Endpoint(ip("192.168.0.1")))
        #expect(request.tunnel?.destination == Endpoint(ip("192.168.1.2")))

        guard case .spdAdd(let icmp) = try parseOne("spdadd ::/0 ::/0 icmp6 135,0 -P in none ;") else { return }
        #expect(icmp.upperLayerProtocol == 58 && icmp.source.port == 135 && icmp.destination.port == 0)
        #expect(icmp.source.prefixLength == 0 && icmp.policy.action == .none)

        guard case .spdAdd(let gre) = try parseOne("spdadd 0.0.0.0/0 0.0.0.0/0 gre 1234 -P out ipsec esp/transport//require;")
        else { return }
        #expect(gre.upperLayerProtocol == 47 && gre.source.port == 0 && gre.destination.port == 1234)

        guard case .spdAdd(let numbered) = try parseOne("spdadd 10.0.0.1 10.0.0.2 17 -P out discard;") else { return }
        #expect(numbered.upperLayerProtocol == 17 && numbered.policy.action == .discard)
    }

    @Test func policiesOfEveryShape() throws {
        func policy(_ text: String) throws -> PolicySpec {
            guard case .spdAdd(let entry) = try parseOne("spdadd 10.0.0.1 10.0.0.2 any -P \(text);") else {
                throw SetKeyParseError(.unexpectedToken, at: SourceLocation(file: "", line: 0, column: 0), "")
            }
            return entry.policy
        }
        #expect(try policy("fwd none") == PolicySpec(direction: .forward, action: .none))
        #expect(try policy("out prio 10 discard").priority == 0x8000_0000 - 10)
        #expect(try policy("out priority -10 discard").priority == 0x8000_0000 + 10)
        #expect(try policy("out prio - 10 discard").priority == 0x8000_0000 + 10)
        #expect(try policy("out prio high discard").priority == 0x4000_0000)
        #expect(try policy("out prio low + 5 discard").priority == 0xC000_0000 - 5)
        #expect(try policy("out prio def -7 discard").priority == 0x8000_0000 + 7)
        #expect(try policy("out ipsec").requests.isEmpty)
        let bundle = try policy(
            "out ipsec\n\tesp/transport//require\n\tah/tunnel/10.1.1.1[500]-10.2.2.2[4500]/unique:42 ipcomp/transport")
        #expect(bundle.requests.count == 3)
        #expect(bundle.requests[1] == IPsecRequest(
            proto: .ah, mode: .tunnel, tunnel: (Endpoint(ip("10.1.1.1"), port: 500), Endpoint(ip("10.2.2.2"), port: 4500)),
            level: .unique, reqid: 42))
        #expect(bundle.requests[2] == IPsecRequest(proto: .ipcomp, mode: .transport, level: .default))
        #expect(try policy("in ipsec esp/transport/10.0.0.2-10.0.0.1/use").requests[0].level == .use)
        #expect(try policy("in ipsec esp/transport//unique").requests[0].level == .unique)
        #expect(try policy("out ipsec esp/transport/me-any/default").requests[0].tunnel == nil)
    }

    @Test func spdupdateAndSpddelete() throws {
        guard case .spdUpdate(let update) = try parseOne(
            "spdupdate 10.0.0.1 10.0.0.2 any -ctx 1 1 \"x_u:y_r:z_t:s0\" -P out ipsec esp/transport//require;")
        else { return }
        #expect(update.securityContext?.doi == 1)
        guard case .spdDelete(let delete) = try parseOne("spddelete 10.0.0.1 10.0.0.2 any -P out;") else { return }
        #expect(delete.policy == PolicySpec(direction: .outbound, priority: 0, action: .discard))
    }

    @Test func commentsAndTerminatorsAsSetkeyAcceptsThem() throws {
        let statements = try parse(
            """
            # a comment line
            flush;   # trailing comment
            spdflush
            ;
            add 10.0.0.1 10.0.0.2 esp 0x300 # comment inside a statement
              -E null;dump;
            spdadd 10.0.0.1 10.0.0.2 any -P out ipsec # comment inside the policy
                esp/transport//require;
            """)
        try #require(statements.count == 5)
        #expect(statements[4].location == SourceLocation(file: "t.conf", line: 7, column: 1))
        guard case .spdAdd(let entry) = statements[4].command else { return }
        #expect(entry.policy.requests.count == 1)
    }

    @Test func ipv6AndScopedAddresses() throws {
        guard case .add(let sa) = try parseOne(
            "add 3ffe:501:4819::1 3ffe:501:481d::1 esp 123457 -E des-cbc 0x3ffe05014819ffff ;")
        else { return }
        #expect(sa.source.address.family == .ipv6)
        #expect(sa.source.address.description == "3ffe:501:4819::1")
        #expect(ScopedAddress(parsing: "fe80::1%1")?.scopeID == 1)
    }

    @Test func keysNeverAppearInDescriptions() throws {
        let command = try parseOne("add 1.1.1.1 2.2.2.2 ah 300 -A hmac-md5 \"SECRETSECRET1234\";")
        #expect(!String(describing: command).contains("SECRET"))
    }
}

@Suite struct MalformedInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var text: String
        var code: SetKeyParseError.Code
        var line: Int
        var column: Int
        var description: String { text }
    }

    @Test(arguments: [
        Case(text: "addd 1.1.1.1 2.2.2.2 esp 1;", code: .unknownCommand, line: 1, column: 1),
        Case(text: "flush;\n  add 1.1.1.1 host.example esp 1 -E null;", code: .invalidAddress, line: 2, column: 15),
        Case(text: "add 1.1.1.1 2.2.2.2 esq 1 -E null;", code: .unknownName, line: 1, column: 21),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 0x123456789 -E null;", code: .invalidNumber, line: 1, column: 25),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300\n -E 3des-cbc \"short\";", code: .invalidKeyLength, line: 2, column: 14),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -E 3des-cbc \"06183223c23a21e8b36c566b\" -A hmac-md5 0x0011;",
             code: .invalidKeyLength, line: 1, column: 80),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -E rot13 \"x\";", code: .unknownName, line: 1, column: 32),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -A hmac-md5 \"IPSETEST89ABCDEF\";", code: .unexpectedToken, line: 1, column: 29),
        Case(text: "add 1.1.1.1 2.2.2.2 ah 300 -E null;", code: .unexpectedToken, line: 1, column: 28),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -m sideways -E null;", code: .unknownName, line: 1, column: 32),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -r 1000 -E null;", code: .invalidNumber, line: 1, column: 32),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -E null", code: .unexpectedEnd, line: 1, column: 36),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -E null -m transport;", code: .unexpectedToken, line: 1, column: 37),
        Case(text: "add 1.1.1.1 ::1 esp 300 -E null;", code: .addressFamilyMismatch, line: 1, column: 5),
        Case(text: "add -6 1.1.1.1 2.2.2.2 esp 300 -E null;", code: .addressFamilyMismatch, line: 1, column: 8),
        Case(text: "add 1.1.1.1 2.2.2.2 tcp 0x1000 -A tcp-md5 \"x\";", code: .unsupported, line: 1, column: 21),
        Case(text: "add 1.1.1.1 2.2.2.2 ah 300 -A keyed-md5 \"0123456789abcdef\";", code: .unsupported, line: 1, column: 31),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -ctx 1 1 unquoted -E null;", code: .unexpectedToken, line: 1, column: 38),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -ctx 0 1 \"a\" -E null;", code: .invalidNumber, line: 1, column: 29),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -ctx 1 1 \"unterminated -E null;", code: .unterminatedString, line: 1, column: 38),
        Case(text: "add 1.1.1.1[99999] 2.2.2.2 esp 300 -E null;", code: .invalidNumber, line: 1, column: 13),
        Case(text: "flush esp ah;", code: .unexpectedToken, line: 1, column: 11),
        Case(text: "spdflush", code: .unexpectedEnd, line: 1, column: 9),
        Case(text: "spdadd 10.0.0.1/33 10.0.0.2 any -P out none;", code: .invalidNumber, line: 1, column: 17),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 frobnicate -P out none;", code: .unknownName, line: 1, column: 26),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 tcp 8,0 -P out none;", code: .unexpectedToken, line: 1, column: 30),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any out ipsec;", code: .unexpectedToken, line: 1, column: 30),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P sideways none;", code: .invalidPolicy, line: 1, column: 33),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec\n  esp/transport//required;", code: .invalidPolicy, line: 2, column: 3),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any\n -P out ipsec\n\tesp/tunnel//require;", code: .invalidPolicy, line: 3, column: 2),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp;", code: .invalidPolicy, line: 1, column: 43),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/tunnel/10.0.0.1-::2/require;", code: .addressFamilyMismatch, line: 1, column: 43),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out none esp/transport//require;", code: .invalidPolicy, line: 1, column: 42),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out prio huge none;", code: .invalidPolicy, line: 1, column: 42),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//unique:0;", code: .invalidPolicy, line: 1, column: 43),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport/me-any/require;", code: .invalidPolicy, line: 1, column: 42).with(direction: "in"),
        Case(text: "spdadd tagged \"t\" -P out none;", code: .unsupported, line: 1, column: 8),
        Case(text: "spdadd 10.0.0.1 10.0.0.2 any -P", code: .invalidPolicy, line: 1, column: 32),
        Case(text: "add 1.1.1.1 2.2.2.2 esp 300 -E null; $", code: .unexpectedCharacter, line: 1, column: 38),
    ])
    func reportsKindAndLocation(_ input: Case) {
        let error = parseError(input.text)
        #expect(error?.code == input.code, "\(error?.description ?? "parsed")")
        #expect(error?.location == SourceLocation(file: "t.conf", line: input.line, column: input.column),
                "\(error?.description ?? "parsed")")
    }

    @Test func nothingIsReturnedWhenALaterStatementFails() {
        let error = parseError("flush;\nspdflush;\nadd 1.1.1.1 2.2.2.2 esp 300 -E null -Q;")
        #expect(error?.location.line == 3)
    }

    @Test func messagesNameWhatWasExpectedButNeverTheKey() {
        let error = parseError("add 1.1.1.1 2.2.2.2 esp 300 -E 3des-cbc \"TOPSECRET\";")
        #expect(error?.message.contains("192") == true)
        #expect(error?.message.contains("TOPSECRET") == false)
        #expect(error?.description.hasPrefix("t.conf:1:41: ") == true)
    }
}

extension MalformedInputTests.Case {
    func with(direction: String) -> Self {
        var copy = self
        copy.text = text.replacingOccurrences(of: "-P out", with: "-P \(direction)")
        return copy
    }
}
