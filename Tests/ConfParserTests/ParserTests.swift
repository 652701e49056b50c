import Testing
@testable import ConfParser

/// The first step of loading: the generic syntax tree with source locations.
@Suite struct ParserTests {
    private func parse(_ text: String) throws -> SyntaxTree {
        try Parser.parse(bytes: Array(text.utf8), file: "t.conf")
    }

    @Test func statementsBlocksAndLocations() throws {
        let tree = try parse("path include \"/etc\";\nremote anonymous {\n  proposal { dh_group 2; }\n}\n")
        #expect(tree.file == "t.conf")
        #expect(tree.statements.map(\.keyword.text) == ["path", "remote"])
        #expect(tree.statements[0].arguments.map(\.text) == ["include", "/etc"])
        #expect(tree.statements[0].terminator.kind == .semicolon && tree.statements[0].body == nil)
        let remote = tree.statements[1]
        #expect(remote.keyword.location(in: tree.file) == SourceLocation(file: "t.conf", line: 2, column: 1))
        let proposal = try #require(remote.body?.statements.first)
        #expect(proposal.keyword.location(in: tree.file) == SourceLocation(file: "t.conf", line: 3, column: 3))
        let group = try #require(proposal.body?.statements.first)
        #expect(group.keyword.text == "dh_group" && group.arguments.map(\.value) == [2])
        #expect((group.arguments[0].line, group.arguments[0].column) == (3, 23))
    }

    @Test func commasStayInTheArguments() throws {
        let tree = try parse("encryption_algorithm 3des, aes 256;")
        #expect(tree.statements[0].arguments.map(\.kind) == [.word, .comma, .word, .number])
    }

    @Test func bracelessSAInfoIsSplitAtItsFirstDirective() throws {
        let tree = try parse("sainfo anonymous\n\tpfs_group 2;\n\tlifetime time 1 hour;\npath include \"/x\";\n")
        #expect(tree.statements.map(\.keyword.text) == ["sainfo", "path"])
        let sainfo = tree.statements[0]
        #expect(sainfo.arguments.map(\.text) == ["anonymous"])
        let body = try #require(sainfo.body)
        #expect(!body.isBraced)
        #expect(body.statements.map(\.keyword.text) == ["pfs_group", "lifetime"])
        #expect((sainfo.terminator.line, sainfo.terminator.column) == (2, 2))
    }

    @Test func sainfoWithoutAnyDirectiveIsLeftForTheBuilder() throws {
        let tree = try parse("sainfo anonymous;\n")
        #expect(tree.statements[0].body == nil)
        #expect(tree.statements[0].arguments.map(\.text) == ["anonymous"])
    }

    @Test func streamingMatchesWholeFileParsing() throws {
        let text = "log info;\ntimer { counter 3; }\nsainfo anonymous { compression_algorithm deflate; }\n"
        var parser = try Parser(bytes: Array(text.utf8), file: "t.conf")
        var streamed: [String] = []
        while let statement = try parser.nextTopLevelStatement() { streamed.append(statement.keyword.text) }
        #expect(streamed == (try parse(text)).statements.map(\.keyword.text))
    }

    @Test func deepNestingIsRefusedWithoutRecursingFurther() {
        let text = String(repeating: "a { ", count: 10_000)
        #expect(throws: ConfigError(.nestingTooDeep, at: SourceLocation(file: "t.conf", line: 1, column: 19),
                                    message: "")) {
            _ = try parse(text)
        }
    }
}
