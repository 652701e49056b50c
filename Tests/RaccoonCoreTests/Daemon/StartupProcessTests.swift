import Foundation
import Glibc
import Testing

/// Runs the built `raccoon` binary and checks each early startup failure: one line on stderr, exit status 1.
/// The built `raccoon` next to the test bundle, if SwiftPM built it.
func builtRaccoonBinary() -> String? {
    let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    for candidate in [directory, directory + "/..", directory + "/../.."] {
        let path = candidate + "/raccoon"
        if access(path, X_OK) == 0 { return path }
    }
    return nil
}

@Suite("raccoon startup failures (subprocess)", .enabled(if: builtRaccoonBinary() != nil))
struct StartupProcessTests {

    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func run(_ arguments: [String], prefix: [String] = []) throws -> Outcome {
        let process = Process()
        let all = prefix + [try #require(builtRaccoonBinary())] + arguments
        process.executableURL = URL(fileURLWithPath: all[0])
        process.arguments = Array(all.dropFirst())
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    @Test("not root: racoon's message")
    func notRoot() throws {
        let directory = TemporaryDirectory()
        chmod(directory.path, 0o755)
        let config = testConfiguration(directory: directory, port: 500)
        chmod(config, 0o644)
        let outcome = try run(["-F", "-f", config], prefix: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
        #expect(outcome.status == 1)
        #expect(outcome.stderr == "raccoon: must be root to invoke this program.\n")
    }

    @Test("a broken configuration: its file:line error")
    func badConfiguration() throws {
        let directory = TemporaryDirectory()
        let config = directory.write("racoon.conf", "remote anonymous {\n  exchange_mode sideways;\n}\n")
        let outcome = try run(["-F", "-f", config])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("raccoon: \(config):2:"))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1)
    }

    @Test("psk.txt readable by others: refused")
    func weakPSK() throws {
        let directory = TemporaryDirectory()
        let config = testConfiguration(directory: directory, port: 500, pskMode: 0o644)
        let outcome = try run(["-F", "-f", config])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.hasPrefix("raccoon: \(directory.path)/psk.txt"))
        #expect(outcome.stderr.contains("has mode 0644, so group or others can access it"))
        #expect(outcome.stderr.filter { $0 == "\n" }.count == 1)
    }
}
