import Foundation
import Testing
@testable import ConfParser

@Suite struct PreSharedKeyFileTests {
    private func parse(_ text: String) -> PreSharedKeyFile {
        PreSharedKeyFile.parse(contents: Array(text.utf8), path: "psk.txt")
    }

    private func key(_ text: String) -> PreSharedKey { PreSharedKey(copying: Array(text.utf8)) }

    @Test func plainKeysRunToEndOfLineWithEmbeddedBlanks() {
        let file = parse("10.0.0.1\tflibbertigibbet\nfoo@kame.net   two words here\n::1 v6key\n")
        #expect(file.lookup("10.0.0.1") == key("flibbertigibbet"))
        #expect(file.lookup("foo@kame.net") == key("two words here"))
        #expect(file.lookup("::1") == key("v6key"))
        #expect(file.diagnostics.isEmpty)
    }

    @Test func lookupIsExactAndCaseSensitive() {
        let file = parse("Host.Example secret\n10.0.0.1 k\n")
        #expect(file.lookup("host.example") == nil)
        #expect(file.lookup("Host.Example") == key("secret"))
        #expect(file.lookup("10.0.0.") == nil)
        #expect(file.lookup("10.0.0.10") == nil)
    }

    @Test func onlyLinesStartingWithHashAreComments() {
        let file = parse("# 10.0.0.1 commented\n10.0.0.2 key # not a comment\n  # indented\n\n")
        #expect(file.lookup("#") == nil)
        #expect(file.lookup("10.0.0.1") == nil)
        #expect(file.lookup("10.0.0.2") == key("key # not a comment"))
        #expect(file.diagnostics.map(\.code) == [.indentedLine])
    }

    @Test func hexKeysWithWhitespaceBetweenDigits() {
        let file = parse("a 0x0102abCD\nb 0x 01 02\tff \n")
        #expect(file.lookup("a") == PreSharedKey(copying: [0x01, 0x02, 0xAB, 0xCD]))
        #expect(file.lookup("b") == PreSharedKey(copying: [0x01, 0x02, 0xFF]))
        #expect(file.diagnostics.isEmpty)
    }

    @Test(arguments: [
        ("0x123", PreSharedKeyFileDiagnostic.Code.oddHexDigitCount), ("0x12zz", .invalidHexCharacter),
        ("0x", .emptyHexKey), ("0x12-34", .invalidHexCharacter),
    ])
    func malformedHexKeyMakesOnlyThatEntryUnusable(_ value: String, _ code: PreSharedKeyFileDiagnostic.Code) {
        let file = parse("bad \(value)\ngood 0x00ff\n")
        #expect(file.lookup("bad") == nil)
        #expect(file.lookup("good") == PreSharedKey(copying: [0x00, 0xFF]))
        #expect(file.errors.map(\.code) == [code])
        #expect(file.errors.first?.line == 1)
        #expect(file.errors.first?.severity == .error)
    }

    @Test func crlfKeepsTheCarriageReturnAndWarns() {
        let file = parse("10.0.0.1 secret\r\n10.0.0.2 0x0a0b\r\n")
        #expect(file.lookup("10.0.0.1") == key("secret\r"))
        #expect(file.lookup("10.0.0.1") != key("secret"))
        #expect(file.lookup("10.0.0.2") == PreSharedKey(copying: [0x0A, 0x0B]))
        #expect(file.warnings.map(\.code) == [.carriageReturn])
        #expect(file.warnings.first?.line == 1)
    }

    @Test func trailingBlanksAreKeptAndWarned() {
        let file = parse("10.0.0.1 secret  \n10.0.0.2 tabbed\t\n")
        #expect(file.lookup("10.0.0.1") == key("secret  "))
        #expect(file.lookup("10.0.0.2") == key("tabbed\t"))
        #expect(file.warnings.map(\.code) == [.trailingWhitespace, .trailingWhitespace])
    }

    @Test func firstMatchWinsAndLaterDuplicatesWarn() {
        let file = parse("10.0.0.1 first\n10.0.0.1 second\n")
        #expect(file.lookup("10.0.0.1") == key("first"))
        #expect(file.warnings.map(\.code) == [.duplicateIdentifier])
        #expect(file.warnings.first?.line == 2)
    }

    @Test func identifierWithoutKeyIsSkipped() {
        let file = parse("10.0.0.1\n10.0.0.2   \n")
        #expect(file.entries.isEmpty)
        #expect(file.warnings.map(\.code) == [.missingKey, .missingKey])
    }

    /// A key that wrapped onto a line of its own looks like an identifier without a key: the warning must not
    /// print it.
    @Test func wrappedKeyIsNotEchoedInTheWarning() {
        let file = parse("10.0.0.1\nsup3r-s3cret-wrapped-key\n")
        #expect(file.warnings.map(\.code) == [.missingKey, .missingKey])
        #expect(!file.diagnostics.contains { $0.description.contains("sup3r-s3cret") })
    }

    @Test func nulByteMakesTheEntryUnusable() {
        let file = PreSharedKeyFile.parse(contents: Array("a se".utf8) + [0] + Array("cret\n".utf8), path: "p")
        #expect(file.lookup("a") == nil)
        #expect(file.errors.map(\.code) == [.nulByte])
    }

    @Test func longLinesWarn() {
        let file = parse("id " + String(repeating: "k", count: 1100) + "\n")
        #expect(file.lookup("id")?.count == 1100)
        #expect(file.warnings.map(\.code) == [.lineTooLong])
    }

    @Test func diagnosticsNeverContainKeyMaterial() {
        let file = parse("a sekrit-one \nb 0xsekrit\nc sekrit\r\nc sekrit2\n")
        #expect(!file.diagnostics.isEmpty)
        #expect(file.diagnostics.allSatisfy { !$0.description.contains("sekrit") })
    }

    // MARK: - Permission check (racoon's safefile)

    @Test(arguments: [0o600, 0o400] as [mode_t])
    func ownerOnlyModesAreAccepted(_ mode: mode_t) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("psk.txt", "10.0.0.2 flibbertigibbet\n", mode: mode)
        let file = try PreSharedKeyFile.load(path: path)
        #expect(file.lookup("10.0.0.2") == key("flibbertigibbet"))
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o610] as [mode_t])
    func groupOrOtherBitsAreRefused(_ mode: mode_t) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("psk.txt", "10.0.0.2 flibbertigibbet\n", mode: mode)
        do {
            _ = try PreSharedKeyFile.load(path: path)
            Issue.record("mode \(String(mode, radix: 8)) was accepted")
        } catch {
            #expect(error.code == .weakPermissions)
            #expect(error.message.contains("0\(String(mode, radix: 8))"))
            #expect(error.message.contains("chmod 600"))
            #expect(!error.description.contains("flibbertigibbet"))
        }
    }

    @Test func wrongOwnerIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("psk.txt", "10.0.0.2 flibbertigibbet\n", mode: 0o600)
        let otherUID: uid_t = geteuid() == 4242 ? 4243 : 4242
        try #require(chown(path, otherUID, getegid()) == 0, "chown needs root")
        do {
            _ = try PreSharedKeyFile.load(path: path)
            Issue.record("a file owned by uid \(otherUID) was accepted")
        } catch {
            #expect(error.code == .wrongOwner)
            #expect(error.message.contains("uid \(otherUID)"))
        }
        // The same file is fine for a process that expects that owner.
        #expect(try PreSharedKeyFile.load(path: path, expectedOwner: otherUID).lookup("10.0.0.2") != nil)
    }

    @Test func ownerIsCheckedBeforeMode() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("psk.txt", "x y\n", mode: 0o644)
        #expect(throws: PreSharedKeyFileError(.wrongOwner, path: path, message: "")) {
            _ = try PreSharedKeyFile.load(path: path, expectedOwner: geteuid() + 1)
        }
    }

    @Test func directoriesAndFIFOsAreRefused() throws {
        let directory = try TemporaryDirectory()
        let sub = directory.path + "/dir"
        #expect(mkdir(sub, 0o700) == 0)
        #expect(throws: PreSharedKeyFileError(.notRegularFile, path: sub, message: "")) {
            _ = try PreSharedKeyFile.load(path: sub)
        }
        let fifo = directory.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: PreSharedKeyFileError(.notRegularFile, path: fifo, message: "")) {
            _ = try PreSharedKeyFile.load(path: fifo)
        }
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: PreSharedKeyFileError(.unreadable, path: "/nonexistent/psk.txt", message: "")) {
            _ = try PreSharedKeyFile.load(path: "/nonexistent/psk.txt")
        }
    }

    @Test func symlinksAreFollowedAsRacoonDoes() throws {
        let directory = try TemporaryDirectory()
        let target = try directory.write("real.txt", "a b\n", mode: 0o600)
        let link = directory.path + "/psk.txt"
        #expect(symlink(target, link) == 0)
        #expect(try PreSharedKeyFile.load(path: link).lookup("a") == key("b"))
    }
}

@Suite struct PreSharedKeyTests {
    @Test func neverPrintsItsBytes() {
        let key = PreSharedKey(copying: Array("flibbertigibbet".utf8))
        #expect(key.description == "<redacted>")
        #expect(String(describing: key) == "<redacted>")
        #expect(!String(reflecting: key).contains("flibbertigibbet"))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("flibbertigibbet"))
    }

    @Test func comparesByContent() {
        #expect(PreSharedKey(copying: [1, 2, 3]) == PreSharedKey(copying: [1, 2, 3]))
        #expect(PreSharedKey(copying: [1, 2, 3]) != PreSharedKey(copying: [1, 2, 4]))
        #expect(PreSharedKey(copying: [1, 2, 3]) != PreSharedKey(copying: [1, 2]))
        #expect(PreSharedKey(copying: []) == PreSharedKey(copying: []))
    }

    @Test func exposesBytesOnlyThroughAClosure() {
        let key = PreSharedKey(copying: [9, 8, 7])
        #expect(key.withUnsafeBytes { Array($0) } == [9, 8, 7])
        #expect(key.count == 3)
    }

    @Test func zeroingSourceClearsTheCallersBuffer() {
        var source: [UInt8] = [1, 2, 3, 4]
        let key = PreSharedKey(zeroingSource: &source)
        #expect(source == [0, 0, 0, 0])
        #expect(key.withUnsafeBytes { Array($0) } == [1, 2, 3, 4])
    }
}
