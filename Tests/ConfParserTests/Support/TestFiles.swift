import Foundation
import Testing

/// Paths of the fixtures shipped in this test target's `Fixtures/` resource folder.
enum Fixtures {
    static func path(_ name: String) throws -> String {
        let root = try #require(Bundle.module.resourceURL, "test bundle has no resources")
        let path = root.appendingPathComponent("Fixtures").appendingPathComponent(name).path
        #expect(FileManager.default.fileExists(atPath: path), "missing fixture \(name)")
        return path
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: try path(name), encoding: .utf8)
    }

    /// The repository's `etc/` folder, found from this source file (the tests never read /work/shared).
    static func repositoryFile(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Support
            .deletingLastPathComponent()  // ConfParserTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent(relative).path
    }
}

/// A fresh directory under /tmp, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/raccoon-conf-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        self.path = String(cString: try #require(made, "mkdtemp failed"))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` inside the directory (creating subdirectories) and returns the full path.
    @discardableResult
    func write(_ name: String, _ text: String, mode: mode_t = 0o644) throws -> String {
        try write(name, bytes: Array(text.utf8), mode: mode)
    }

    /// Writes `bytes` to `name` with `mode` and returns the full path.
    @discardableResult
    func write(_ name: String, bytes: [UInt8], mode: mode_t = 0o644) throws -> String {
        let full = path + "/" + name
        let directory = (full as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: full))
        #expect(chmod(full, mode) == 0)
        return full
    }
}
