import Testing
@testable import ConfParser

@Suite struct LexerTests {
    private func tokens(_ text: String) throws -> [Token] {
        var lexer = Lexer(bytes: Array(text.utf8), file: "t.conf")
        var result: [Token] = []
        while true {
            let token = try lexer.next()
            if token.kind == .endOfFile { return result }
            result.append(token)
        }
    }

    @Test func classifiesTokens() throws {
        let list = try tokens("remote 10.0.0.1 [500] { lifetime time 1 hour; } # trailing comment\n\"a b\" , [any] /24")
        #expect(list.map(\.kind) == [.word, .address, .port, .openBrace, .word, .word, .number, .word, .semicolon,
                                     .closeBrace, .string, .comma, .portAny, .prefix])
        #expect(list[2].value == 500)
        #expect(list[10].text == "a b")
        #expect(list[13].value == 24)
        #expect((list[10].line, list[10].column) == (2, 1))
    }

    @Test func addressesWithPrefixPortScopeAndRange() throws {
        let list = try tokens("10.0.0.0/8[any] fe80::1%eth0 ::1[7000] 2001:db8::/32 10.0.0.1-10.0.0.9")
        #expect(list.map(\.kind) == [.address, .prefix, .portAny, .address, .address, .port, .address, .prefix,
                                     .addressRange])
        // The zone is accepted and not kept (Raccoon has no use for it; see IPAddress(configurationText:)).
        #expect(IPAddress(configurationText: list[3].text) == IPAddress("fe80::1"))
        #expect(IPAddress(configurationText: "10.0.0.1%eth0") == nil)
        #expect(IPAddress(configurationText: "fe80::1%") == nil)
        #expect(IPAddress("2001:0db8:0:0::1")?.description == "2001:db8::1")
    }

    @Test func wordsThatStartWithDigitsOrContainDashes() throws {
        let list = try tokens("3des utf-16le hmac_sha2_256 0x10")
        #expect(list.allSatisfy { $0.kind == .word })
    }

    @Test func commentsRunToEndOfLineAnywhere() throws {
        let list = try tokens("log#comment ; {\ninfo;")
        #expect(list.map(\.text) == ["log", "info", ";"])
        #expect(list[1].line == 2)
    }

    @Test func multiLineStringsKeepLineCounting() throws {
        let list = try tokens("\"a\nb\" x")
        #expect(list[0].text == "a\nb")
        #expect((list[1].line, list[1].column) == (2, 4))
    }

    @Test(arguments: [
        ("1.2.3", ConfigError.Code.invalidAddress), ("1.2.3.4.5", .invalidAddress), ("::g", .invalidAddress),
        ("[65536]", .invalidPort), ("[x]", .invalidPort), ("/129", .invalidPrefix), ("/", .invalidPrefix),
        ("\u{1}", .invalidCharacter), ("\"open", .unterminatedString), ("18446744073709551616", .invalidNumber),
    ])
    func rejectsMalformedTokens(_ text: String, _ code: ConfigError.Code) {
        #expect(throws: ConfigError(code, at: SourceLocation(file: "t.conf", line: 1, column: 1), message: "")) {
            _ = try tokens(text)
        }
    }

    @Test func invalidUTF8InAStringIsAnError() {
        var lexer = Lexer(bytes: [0x22, 0xFF, 0x22], file: "t.conf")
        #expect(throws: ConfigError(.invalidEncoding, at: SourceLocation(file: "t.conf", line: 1, column: 1),
                                    message: "")) {
            _ = try lexer.next()
        }
    }
}
