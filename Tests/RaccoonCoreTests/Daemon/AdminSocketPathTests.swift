import Testing
@testable import RaccoonCore

/// raccoonctl's choice of socket (`AdminSocketPath.resolve`): -s, then -f's adminsock, then
/// $RACCOON_ADMIN_SOCKET, then /etc/racoon/racoon.conf's adminsock when it exists, then the default.
@Suite("raccoonctl finds the admin socket")
struct AdminSocketPathTests {
    @Test("-f reads adminsock from racoon.conf: the path, the default without one, an error for disabled or a bad file")
    func configured() throws {
        let directory = TemporaryDirectory()
        let moved = directory.write("moved.conf", "listen { adminsock \"/run/x/admin.sock\" \"root\" \"root\" 0660; }\n")
        #expect(try AdminSocketPath.configured(in: moved) == "/run/x/admin.sock")
        let plain = directory.write("plain.conf", "path pre_shared_key \"/etc/racoon/psk.txt\";\n")
        #expect(try AdminSocketPath.configured(in: plain) == "/run/raccoon/raccoon.sock")
        let disabled = directory.write("disabled.conf", "listen { adminsock disabled; }\n")
        #expect(throws: AdminError.failed("\(disabled) disables the admin socket (listen { adminsock disabled; })")) {
            try AdminSocketPath.configured(in: disabled)
        }
        let broken = directory.write("broken.conf", "listen { adminsock; }\n")
        do {
            _ = try AdminSocketPath.configured(in: broken)
            Issue.record("a broken racoon.conf gave a socket")
        } catch {
            // The configuration error keeps its location: file:line:column.
            #expect(error.description.hasPrefix("cannot read the admin socket from \(broken): \(broken):1:"))
        }
        #expect(throws: AdminError.self) { try AdminSocketPath.configured(in: directory.path + "/missing.conf") }
    }

    @Test("the order: -s, -f, $RACCOON_ADMIN_SOCKET, /etc/racoon/racoon.conf when it exists, the default")
    func order() throws {
        let directory = TemporaryDirectory()
        let conf = directory.write("racoon.conf", "listen { adminsock \"/run/from-f.sock\"; }\n")
        let nothing: (String) -> Bool = { _ in false }
        #expect(try AdminSocketPath.resolve(socket: "/s.sock", configuration: conf, environment: "/e.sock", exists: nothing)
            == "/s.sock")
        #expect(try AdminSocketPath.resolve(socket: nil, configuration: conf, environment: "/e.sock", exists: nothing)
            == "/run/from-f.sock")
        #expect(try AdminSocketPath.resolve(socket: nil, configuration: nil, environment: "/e.sock", exists: { _ in true })
            == "/e.sock")
        #expect(try AdminSocketPath.resolve(socket: nil, configuration: nil, environment: nil, exists: nothing)
            == "/run/raccoon/raccoon.sock")
        // The default configuration is consulted only when it exists; the probe is asked about that path.
        var asked: [String] = []
        _ = try? AdminSocketPath.resolve(socket: nil, configuration: nil, environment: nil) { path in
            asked.append(path)
            return false
        }
        #expect(asked == ["/etc/racoon/racoon.conf"])
    }
}
