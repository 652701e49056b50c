import Foundation
import Testing
@testable import ConfParser

@Suite struct IncludeTests {
    static let sainfo = """
        sainfo anonymous { encryption_algorithm aes; authentication_algorithm hmac_sha1; compression_algorithm deflate; }

        """

    @Test func relativeGlobIncludesAreReadInSortedOrder() throws {
        let directory = try TemporaryDirectory()
        try directory.write("conf.d/20-log.conf", "log debug;\n")
        try directory.write("conf.d/10-log.conf", "log notify;\n")
        try directory.write("conf.d/ignored.txt", "this is not a configuration\n")
        try directory.write("conf.d/30-sainfo.conf", Self.sainfo)
        let main = try directory.write("racoon.conf", """
            path include "\(directory.path)";
            include "conf.d/*.conf";

            """)
        let loaded = try ConfigurationLoader.load(path: main)
        #expect(loaded.files == [main, "\(directory.path)/conf.d/10-log.conf", "\(directory.path)/conf.d/20-log.conf",
                                 "\(directory.path)/conf.d/30-sainfo.conf"])
        #expect(loaded.configuration.logLevel == .debug)
        #expect(loaded.configuration.sainfos.first?.location
                == SourceLocation(file: "\(directory.path)/conf.d/30-sainfo.conf", line: 1, column: 1))
    }

    @Test func errorsInIncludedFilesPointIntoThatFile() throws {
        let directory = try TemporaryDirectory()
        let included = try directory.write("bad.conf", "\n\nlog loud;\n")
        let main = try directory.write("racoon.conf", "include \"\(included)\";\n")
        #expect(throws: ConfigError(.invalidValue, at: SourceLocation(file: included, line: 3, column: 5), message: "")) {
            _ = try ConfigurationLoader.load(path: main)
        }
    }

    @Test func directCycleIsAnError() throws {
        let directory = try TemporaryDirectory()
        let main = directory.path + "/racoon.conf"
        try directory.write("racoon.conf", "log info;\ninclude \"\(main)\";\n")
        #expect(throws: ConfigError(.includeCycle, at: SourceLocation(file: main, line: 2, column: 1), message: "")) {
            _ = try ConfigurationLoader.load(path: main)
        }
    }

    @Test func indirectCycleIsReportedInTheFileThatClosesIt() throws {
        let directory = try TemporaryDirectory()
        let a = directory.path + "/a.conf"
        let b = directory.path + "/b.conf"
        try directory.write("a.conf", "include \"\(b)\";\n")
        try directory.write("b.conf", "# b\ninclude \"\(a)\";\n")
        do {
            _ = try ConfigurationLoader.load(path: a)
            Issue.record("expected an include cycle")
        } catch {
            #expect(error == ConfigError(.includeCycle, at: SourceLocation(file: b, line: 2, column: 1), message: ""))
            #expect(error.message.contains("a.conf -> ") && error.message.contains("b.conf"))
        }
    }

    @Test func includingTheSameFileTwiceSideBySideIsNotACycle() throws {
        let directory = try TemporaryDirectory()
        let shared = try directory.write("log.conf", "log debug;\n")
        let main = try directory.write("racoon.conf", "include \"\(shared)\";\ninclude \"\(shared)\";\n")
        #expect(try ConfigurationLoader.load(path: main).files.count == 3)
    }

    /// A chain of files, each including the next: main (depth 0) → f1 → … → fN.
    private func chain(_ count: Int, in directory: TemporaryDirectory) throws -> String {
        for index in 1...count {
            let next = index == count ? "log debug;\n" : "include \"f\(index + 1).conf\";\n"
            try directory.write("f\(index).conf", "path include \"\(directory.path)\";\n" + next)
        }
        return try directory.write("main.conf", "path include \"\(directory.path)\";\ninclude \"f1.conf\";\n")
    }

    @Test func tenLevelsOfIncludeAreAllowed() throws {
        let directory = try TemporaryDirectory()
        let main = try chain(10, in: directory)
        let loaded = try ConfigurationLoader.load(path: main)
        #expect(loaded.files.count == 11)
        #expect(loaded.configuration.logLevel == .debug)
    }

    @Test func elevenLevelsOfIncludeAreAnError() throws {
        let directory = try TemporaryDirectory()
        let main = try chain(11, in: directory)
        // f10.conf is at depth 10; its include of f11.conf would be the eleventh level.
        #expect(throws: ConfigError(.includeDepthExceeded,
                                    at: SourceLocation(file: directory.path + "/f10.conf", line: 2, column: 1),
                                    message: "")) {
            _ = try ConfigurationLoader.load(path: main)
        }
    }

    @Test func pathIncludeAppliesFromWhereItIsSet() throws {
        let directory = try TemporaryDirectory()
        try directory.write("one/x.conf", "log error;\n")
        try directory.write("two/x.conf", "log warning;\n")
        let main = try directory.write("racoon.conf", """
            path include "\(directory.path)/one";
            include "x.conf";
            path include "\(directory.path)/two/";
            include "x.conf";

            """)
        let loaded = try ConfigurationLoader.load(path: main)
        #expect(loaded.files.suffix(2) == ["\(directory.path)/one/x.conf", "\(directory.path)/two/x.conf"])
        #expect(loaded.configuration.logLevel == .warning)
    }

    @Test func unreadableIncludedFile() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path + "/dir.conf", withIntermediateDirectories: true)
        let main = try directory.write("racoon.conf", "include \"\(directory.path)/dir.conf\";\n")
        #expect(throws: ConfigError(.fileUnreadable, at: SourceLocation(file: main, line: 1, column: 9), message: "")) {
            _ = try ConfigurationLoader.load(path: main)
        }
    }
}
