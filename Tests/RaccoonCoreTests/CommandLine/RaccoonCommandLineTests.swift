import Foundation
import Synchronization
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// Captures what the program writes.
final class CapturedOutput: Sendable {
    private let out = Mutex("")
    private let err = Mutex("")

    var standardOutput: String { out.withLock { $0 } }
    var standardError: String { err.withLock { $0 } }

    var output: RaccoonCommandLine.Output {
        RaccoonCommandLine.Output(standardOutput: { text in self.out.withLock { $0 += text } },
                                  standardError: { text in self.err.withLock { $0 += text } })
    }
}

/// A temporary directory holding a copy of etc/racoon.conf whose paths point into it.
final class SampleSetup {
    let directory: String
    let configuration: String
    let keys: String

    init(keyMode: mode_t? = 0o600, keyText: String? = nil) throws {
        var template = Array("/tmp/raccoon-cli-test-XXXXXX".utf8CString)
        directory = String(cString: try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }))
        configuration = directory + "/racoon.conf"
        keys = directory + "/psk.txt"
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let sample = try String(contentsOf: root.appendingPathComponent("etc/racoon.conf"), encoding: .utf8)
        try sample.replacingOccurrences(of: "/etc/racoon", with: directory)
            .write(toFile: configuration, atomically: true, encoding: .utf8)
        if let keyMode {
            let example = try String(contentsOf: root.appendingPathComponent("etc/psk.txt.example"), encoding: .utf8)
            try (keyText ?? example).write(toFile: keys, atomically: true, encoding: .utf8)
            #expect(chmod(keys, keyMode) == 0)
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }
}

/// Records the options the daemon entry point was called with.
final class DaemonCalls: Sendable {
    let options = Mutex<[CommandLineOptions]>([])
}

@Suite struct RaccoonCommandLineTests {
    private func run(_ arguments: [String], daemonCalls: DaemonCalls? = nil) -> (Int32, CapturedOutput) {
        let captured = CapturedOutput()
        let status = RaccoonCommandLine.run(arguments: ["raccoon"] + arguments, output: captured.output) { options in
            daemonCalls?.options.withLock { $0.append(options) }
            return 42
        }
        return (status, captured)
    }

    @Test func sampleConfigurationChecksCleanWithNoWarnings() throws {
        let setup = try SampleSetup()
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 0)
        #expect(output.standardError.isEmpty, "\(output.standardError)")
        #expect(output.standardOutput.contains("configuration OK"))
        #expect(output.standardOutput.contains("pre-shared keys: \(setup.keys) (2 entries)"))
        #expect(output.standardOutput.contains("remotes: 1"))
        #expect(output.standardOutput.contains("remote anonymous: exchange_mode main; 2 proposals"))
        #expect(output.standardOutput.contains("proposal 2: aes 128 / sha1 / pre_shared_key / modp1024 / 28800 s"))
        #expect(output.standardOutput.contains("sainfos: 1"))
        #expect(output.standardOutput.contains("admin socket: /run/raccoon/raccoon.sock (mode 0600)"))
        #expect(output.standardOutput.contains("warnings: 0"))
        #expect(!output.standardOutput.contains("flibbertigibbet"))
    }

    @Test func theAdminSocketFromListenIsCheckedAndShown() throws {
        let setup = try SampleSetup()
        let sample = try String(contentsOfFile: setup.configuration, encoding: .utf8)
        try (sample + "listen { adminsock \"/run/racoon/racoon.sock\" \"root\" \"0\" 0660; }\n")
            .write(toFile: setup.configuration, atomically: true, encoding: .utf8)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 0, "\(output.standardError)")
        #expect(output.standardOutput.contains("admin socket: /run/racoon/racoon.sock (mode 0660)"))
        try (sample + "listen { adminsock \"/run/racoon/racoon.sock\" \"no-such-user-raccoon\" \"0\" 0660; }\n")
            .write(toFile: setup.configuration, atomically: true, encoding: .utf8)
        let (refused, refusal) = run(["-t", "-f", setup.configuration])
        #expect(refused == 1)
        #expect(refusal.standardError.contains("listen { adminsock }: user \"no-such-user-raccoon\" does not exist"))
        try (sample + "listen { adminsock disabled; }\n").write(toFile: setup.configuration, atomically: true, encoding: .utf8)
        #expect(run(["-t", "-f", setup.configuration]).1.standardOutput.contains("admin socket: disabled"))
    }

    @Test(arguments: [0o644, 0o640] as [mode_t])
    func weakKeyFilePermissionsFailTheCheck(_ mode: mode_t) throws {
        let setup = try SampleSetup(keyMode: mode)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 1)
        #expect(output.standardError.contains("\(setup.keys): error: "))
        #expect(output.standardError.contains("chmod 600"))
        #expect(output.standardOutput.isEmpty)
    }

    @Test func missingKeyFileFailsTheCheck() throws {
        let setup = try SampleSetup(keyMode: nil)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 1)
        #expect(output.standardError.contains("\(setup.keys): error: "))
    }

    @Test func malformedHexKeyFailsAndCRLFWarns() throws {
        let broken = try SampleSetup(keyText: "10.0.0.1 0x123\n")
        #expect(run(["-t", "-f", broken.configuration]).0 == 1)
        let crlf = try SampleSetup(keyText: "10.0.0.1 secret\r\n")
        let (status, output) = run(["-t", "-f", crlf.configuration])
        #expect(status == 0)
        #expect(output.standardError.contains("\(crlf.keys):1: warning: "))
        #expect(output.standardOutput.contains("warnings: 1"))
    }

    @Test func configurationErrorsGoToStandardErrorWithTheirLocation() throws {
        let setup = try SampleSetup()
        try "log info;\nremote anonymous {\n\texchange_mode main;\n}\n".write(toFile: setup.configuration,
                                                                            atomically: true, encoding: .utf8)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 1)
        #expect(output.standardError.hasPrefix("\(setup.configuration):2:1: error: "))
        #expect(output.standardOutput.isEmpty)
    }

    @Test func warningsAreReportedButDoNotFailTheCheck() throws {
        let setup = try SampleSetup()
        try "sainfo anonymous\n\tencryption_algorithm aes;\n\tauthentication_algorithm hmac_sha1;\n"
            .appending("\tcompression_algorithm deflate;\n")
            .write(toFile: setup.configuration, atomically: true, encoding: .utf8)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 0)
        #expect(output.standardError.contains("\(setup.configuration):2:2: warning: "))
        #expect(output.standardError.contains("\(setup.configuration): warning: no 'remote' block"))
        #expect(output.standardOutput.contains("warnings: 2"))
    }

    @Test func remoteWithoutKeyForItsAddressWarns() throws {
        let setup = try SampleSetup()
        let text = try String(contentsOfFile: setup.configuration, encoding: .utf8)
            .replacingOccurrences(of: "remote anonymous {", with: "remote 10.0.0.9 {")
        try text.write(toFile: setup.configuration, atomically: true, encoding: .utf8)
        let (status, output) = run(["-t", "-f", setup.configuration])
        #expect(status == 0)
        #expect(output.standardError.contains("no usable key for 10.0.0.9"))
    }

    @Test func unknownFlagPrintsUsageToStandardErrorAndFails() {
        let (status, output) = run(["-q"])
        #expect(status == 1)
        #expect(output.standardError.hasPrefix("raccoon: invalid option -- 'q'\nusage: raccoon"))
        #expect(output.standardOutput.isEmpty)
        let (extraStatus, extraOutput) = run(["-F", "extra"])
        #expect(extraStatus == 1)
        #expect(extraOutput.standardError.contains("usage: raccoon"))
    }

    @Test func helpAndVersionGoToStandardOutput() {
        let (helpStatus, help) = run(["-h"])
        #expect(helpStatus == 0 && help.standardOutput == CommandLineParser.usage && help.standardError.isEmpty)
        let (versionStatus, version) = run(["-V"])
        #expect(versionStatus == 0)
        #expect(version.standardOutput.hasPrefix("Raccoon \(RaccoonVersion.version)"))
        #expect(version.standardOutput.contains("Compiled with:\n- "))
        #expect(version.standardOutput.contains("Not compiled in:\n- "))
    }

    @Test func withoutTestFlagTheDaemonRunsWithTheParsedOptions() {
        let calls = DaemonCalls()
        let (status, output) = run(["-ddF", "-f", "/x.conf"], daemonCalls: calls)
        #expect(status == 42)
        #expect(output.standardOutput.isEmpty && output.standardError.isEmpty)
        let options = calls.options.withLock { $0 }
        #expect(options.count == 1)
        #expect(options.first?.debugLevel == 2 && options.first?.foreground == true)
        #expect(options.first?.configurationPath == "/x.conf")
    }
}
