import Foundation
import Testing
@testable import ConfParser

/// Each malformed fixture must fail with the right error code at the exact line and column.
@Suite struct MalformedConfigTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let fixture: String
        let code: ConfigError.Code
        let line: Int
        let column: Int
        var testDescription: String { fixture }
    }

    static let cases: [Case] = [
        Case(fixture: "unterminated-string", code: .unterminatedString, line: 1, column: 14),
        Case(fixture: "missing-semicolon", code: .unexpectedToken, line: 2, column: 1),
        Case(fixture: "unknown-top-level", code: .unknownDirective, line: 2, column: 1),
        Case(fixture: "unclosed-block", code: .unexpectedEndOfFile, line: 3, column: 1),
        Case(fixture: "stray-close-brace", code: .unexpectedToken, line: 1, column: 1),
        Case(fixture: "invalid-ipv4", code: .invalidAddress, line: 2, column: 9),
        Case(fixture: "invalid-port", code: .invalidPort, line: 2, column: 18),
        Case(fixture: "unterminated-port", code: .invalidPort, line: 2, column: 18),
        Case(fixture: "invalid-prefix", code: .invalidPrefix, line: 1, column: 24),
        Case(fixture: "bad-log-level", code: .invalidValue, line: 1, column: 5),
        Case(fixture: "on-off-expected", code: .invalidValue, line: 2, column: 12),
        Case(fixture: "byte-lifetime", code: .byteLifetimeUnsupported, line: 2, column: 11),
        Case(fixture: "missing-exchange-mode", code: .missingExchangeMode, line: 1, column: 1),
        Case(fixture: "missing-proposal", code: .missingProposal, line: 1, column: 1),
        Case(fixture: "incomplete-proposal", code: .incompleteProposal, line: 3, column: 2),
        Case(fixture: "dh-group-in-remote", code: .misplacedDirective, line: 3, column: 2),
        Case(fixture: "sainfo-missing-compression", code: .missingSAInfoAlgorithm, line: 1, column: 1),
        Case(fixture: "duplicate-sainfo", code: .duplicateSAInfo, line: 6, column: 1),
        Case(fixture: "unknown-phase1-algorithm", code: .unknownAlgorithm, line: 4, column: 24),
        Case(fixture: "invalid-key-length", code: .invalidKeyLength, line: 4, column: 28),
        Case(fixture: "key-length-not-allowed", code: .invalidKeyLength, line: 4, column: 29),
        Case(fixture: "unknown-sainfo-algorithm", code: .unknownAlgorithm, line: 3, column: 27),
        Case(fixture: "include-relative-without-path", code: .relativeIncludeWithoutPath, line: 1, column: 9),
        Case(fixture: "include-not-found", code: .includeNotFound, line: 1, column: 9),
        Case(fixture: "unknown-parent", code: .unknownParentRemote, line: 1, column: 20),
        Case(fixture: "duplicate-remote", code: .duplicateRemote, line: 11, column: 1),
        Case(fixture: "remote-address-twice", code: .remoteAddressAlreadySet, line: 2, column: 2),
        Case(fixture: "icmp-with-port", code: .invalidProtocolSelector, line: 1, column: 25),
        Case(fixture: "nonce-size-range", code: .valueOutOfRange, line: 3, column: 13),
        Case(fixture: "only-base", code: .noUsableExchangeMode, line: 2, column: 2),
        Case(fixture: "only-rsasig", code: .noUsableProposal, line: 1, column: 1),
        Case(fixture: "sainfo-group", code: .unsupportedSecurityFeature, line: 1, column: 18),
        Case(fixture: "security-context-attribute-range", code: .valueOutOfRange, line: 1, column: 28),
        Case(fixture: "invalid-character", code: .invalidCharacter, line: 2, column: 1),
        Case(fixture: "missing-block", code: .unexpectedToken, line: 1, column: 8),
        Case(fixture: "unexpected-block", code: .unexpectedToken, line: 1, column: 10),
        Case(fixture: "asn1dn-sainfo", code: .invalidIdentifier, line: 1, column: 8),
        Case(fixture: "timer-missing-unit", code: .unexpectedToken, line: 2, column: 13),
        Case(fixture: "verify-asn1dn", code: .unsupportedSecurityFeature, line: 3, column: 19),
        Case(fixture: "situation-secrecy", code: .unsupportedSecurityFeature, line: 3, column: 2),
        Case(fixture: "nesting-too-deep", code: .nestingTooDeep, line: 1, column: 19),
        Case(fixture: "number-too-large", code: .invalidNumber, line: 1, column: 14),
        Case(fixture: "mixed-range", code: .invalidAddress, line: 1, column: 16),
        Case(fixture: "my-identifier-asn1dn-without-dn", code: .invalidIdentifier, line: 3, column: 2),
        Case(fixture: "unknown-remote-directive", code: .unknownDirective, line: 3, column: 2),
        Case(fixture: "remote-without-body", code: .unexpectedToken, line: 1, column: 17),
    ]

    @Test(arguments: cases)
    func failsAtExactLocation(_ testCase: Case) throws {
        let path = try Fixtures.path("malformed/\(testCase.fixture).conf")
        do {
            let loaded = try ConfigurationLoader.load(path: path)
            Issue.record("\(testCase.fixture) loaded with \(loaded.configuration.remotes.count) remotes; expected an error")
        } catch {
            #expect(error.code == testCase.code, "\(error)")
            #expect(error.location == SourceLocation(file: path, line: testCase.line, column: testCase.column),
                    "\(error)")
            #expect(error.description.hasPrefix("\(path):\(testCase.line):\(testCase.column): error: "))
        }
    }

    @Test func everyFixtureIsCovered() throws {
        let directory = try Fixtures.path("malformed")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            .filter { $0.hasSuffix(".conf") }.map { String($0.dropLast(5)) }
        #expect(Set(names) == Set(Self.cases.map(\.fixture)))
        #expect(Self.cases.count >= 30)
    }

    @Test func errorNamesTheOffendingTokenAndWhatWasExpected() throws {
        do {
            _ = try ConfigurationLoader.load(text: "log verbose;\n", fileName: "x.conf")
            Issue.record("expected an error")
        } catch {
            #expect(error.found == "'verbose'")
            #expect(error.expected?.contains("debug2") == true)
        }
    }

    @Test func unreadableMainFile() {
        #expect(throws: ConfigError(.fileUnreadable, at: .wholeFile("/nonexistent/racoon.conf"), message: "")) {
            _ = try ConfigurationLoader.load(path: "/nonexistent/racoon.conf")
        }
    }
}

