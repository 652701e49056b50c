import Testing

@testable import SourceText

/// The printing and equality that racoon.conf, psk.txt and setkey diagnostics share.
@Suite struct SourceDiagnosticTests {
    struct Problem: SourceDiagnostic {
        enum Code: Hashable { case bad, worse }
        static var severity: String? { "error" }
        var code: Code
        var location: SourceText.SourceLocation
        var message: String
    }

    struct Remark: SourceDiagnostic {
        static var severity: String? { nil }
        var code: Int
        var location: SourceText.SourceLocation
        var message: String
    }

    let here = SourceText.SourceLocation(file: "racoon.conf", line: 3, column: 7)

    @Test func printsLocationSeverityAndMessageAsCompilersDo() {
        #expect(Problem(code: .bad, location: here, message: "no").description == "racoon.conf:3:7: error: no")
        #expect(Problem(code: .bad, location: .wholeFile("psk.txt"), message: "no").description
            == "psk.txt: error: no")
        #expect(Remark(code: 1, location: here, message: "hm").description == "racoon.conf:3:7: hm")
    }

    @Test func equalityAndHashIgnoreTheMessage() {
        let first = Problem(code: .bad, location: here, message: "one wording")
        let second = Problem(code: .bad, location: here, message: "another wording")
        #expect(first == second)
        #expect(Set([first, second]).count == 1)
        #expect(first != Problem(code: .worse, location: here, message: "one wording"))
        #expect(first != Problem(code: .bad, location: .wholeFile("racoon.conf"), message: "one wording"))
    }
}
