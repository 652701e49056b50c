import Testing
@testable import ConfParser

/// `listen { adminsock … }` (racoon.conf(5)): the three forms, and the values Raccoon refuses.
@Suite struct AdminSocketTests {
    private func adminSocket(_ line: String) throws(ConfigError) -> AdminSocketSetting? {
        try ConfigurationLoader.load(text: "listen { \(line) }\n", fileName: "t.conf").configuration.listen.adminSocket
    }

    private func error(_ line: String) -> ConfigError? {
        do {
            _ = try adminSocket(line)
            return nil
        } catch {
            return error
        }
    }

    @Test func notWrittenMeansTheDefault() throws {
        #expect(try adminSocket("strict_address;") == nil)
    }

    @Test func disabled() throws {
        #expect(try adminSocket("adminsock disabled;") == .disabled)
    }

    @Test func pathOnly() throws {
        #expect(try adminSocket("adminsock \"/run/racoon/racoon.sock\";")
            == .socket(AdminSocketLocation(path: "/run/racoon/racoon.sock")))
    }

    @Test func ownerGroupAndModeAreKeptWithoutWarning() throws {
        let loaded = try ConfigurationLoader.load(
            text: "listen { adminsock \"/run/racoon/racoon.sock\" \"root\" \"operator\" 0660; }\n", fileName: "t.conf")
        #expect(loaded.configuration.listen.adminSocket
            == .socket(AdminSocketLocation(path: "/run/racoon/racoon.sock", owner: "root", group: "operator", mode: 0o660)))
        #expect(!loaded.warnings.contains { $0.code == .unsupportedDirective })
    }

    @Test(arguments: [("660", UInt32(0o660)), ("0600", 0o600), ("0755", 0o755), ("0", 0)])
    func theModesDigitsAreOctal(text: String, mode: UInt32) throws {
        let setting = try adminSocket("adminsock \"/s.sock\" \"0\" \"0\" \(text);")
        #expect(setting == .socket(AdminSocketLocation(path: "/s.sock", owner: "0", group: "0", mode: mode)))
    }

    @Test func theLastLineWins() throws {
        #expect(try adminSocket("adminsock disabled; adminsock \"/a.sock\";") == .socket(AdminSocketLocation(path: "/a.sock")))
    }

    @Test(arguments: ["0690", "1777", "7770"])
    func aModeThatIsNotOctalOrTooWideIsAnError(text: String) {
        let failure = error("adminsock \"/s.sock\" \"root\" \"root\" \(text);")
        #expect(failure?.code == .invalidValue)
        #expect(failure?.message.contains("is not a file mode") == true)
    }

    @Test func aRelativePathIsAnError() {
        let failure = error("adminsock \"racoon.sock\";")
        #expect(failure?.message == "the admin socket path must be absolute")
        #expect(failure?.location == SourceLocation(file: "t.conf", line: 1, column: 20))
    }

    @Test(arguments: ["adminsock \"/s.sock\" \"root\";", "adminsock \"/s.sock\" \"root\" \"root\";", "adminsock;"])
    func incompleteFormsAreErrors(line: String) {
        #expect(error(line) != nil)
    }
}
