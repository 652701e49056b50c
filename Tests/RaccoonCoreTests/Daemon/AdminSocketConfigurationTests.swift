import ConfParser
import Foundation
import Glibc
import RaccoonTestSupport
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

/// `listen { adminsock … }` from racoon.conf: resolution, and a daemon that creates (or does not create) its socket
/// where the configuration says.
@Suite("Admin socket from racoon.conf", .serialized)
struct AdminSocketConfigurationTests {
    @Test("the admin socket: racoon.conf's adminsock, the override, disabled, and owners that do not exist")
    func adminSocketSettings() throws {
        #expect(try AdminSocketSettings.resolve(.configuration, configured: nil) == AdminSocketSettings(path: AdminServer.defaultPath))
        #expect(try AdminSocketSettings.resolve(.configuration, configured: .disabled) == nil)
        #expect(try AdminSocketSettings.resolve(.none, configured: nil) == nil)
        let configured = AdminSocketSetting.socket(AdminSocketLocation(path: "/x/r.sock", owner: "root", group: "0", mode: 0o660))
        #expect(try AdminSocketSettings.resolve(.configuration, configured: configured)
            == AdminSocketSettings(path: "/x/r.sock", owner: 0, group: 0, mode: 0o660))
        // $RACCOON_ADMIN_SOCKET wins over racoon.conf, disabled included, with the default ownership.
        #expect(try AdminSocketSettings.resolve(.override("/tmp/t.sock"), configured: configured) == AdminSocketSettings(path: "/tmp/t.sock"))
        #expect(try AdminSocketSettings.resolve(.override("/tmp/t.sock"), configured: .disabled) == AdminSocketSettings(path: "/tmp/t.sock"))
        let nobody = AdminSocketSetting.socket(AdminSocketLocation(path: "/x/r.sock", owner: "no-such-user-raccoon", group: "0", mode: 0o600))
        let error = #expect(throws: StartupError.self) { try AdminSocketSettings.resolve(.configuration, configured: nobody) }
        #expect(error?.description == "listen { adminsock }: user \"no-such-user-raccoon\" does not exist")
        let noGroup = AdminSocketSetting.socket(AdminSocketLocation(path: "/x/r.sock", owner: "0", group: "no-such-group-raccoon", mode: 0o600))
        #expect(throws: StartupError.self) { try AdminSocketSettings.resolve(.configuration, configured: noGroup) }
    }

    private func options(_ path: String) -> CommandLineOptions {
        var options = CommandLineOptions()
        options.configurationPath = path
        options.foreground = true
        return options
    }

    /// The name of a uid or gid, for the configuration.
    private static var userName: String { String(cString: getpwuid(getuid()).pointee.pw_name) }
    private static var groupName: String { String(cString: getgrgid(getgid()).pointee.gr_name) }

    @Test("the daemon creates the socket racoon.conf names, with its owner, group and mode, and answers on it")
    func configuredSocket() throws {
        let directory = TemporaryDirectory()
        let socketPath = directory.path + "/ctl/raccoon.sock"
        let config = testConfiguration(
            directory: directory, port: try freeUDPPort(),
            extra: "listen { adminsock \"\(socketPath)\" \"\(Self.userName)\" \"\(Self.groupName)\" 0660; }")
        var environment = testEnvironment(recorder: EnvironmentRecorder(), adminSocket: nil)
        environment.adminSocket = .configuration
        let loop = EventLoop(label: "adminsock-configured")
        let daemon = try RaccoonDaemon.start(options: options(config), environment: environment, loop: loop, detach: false)
        var info = stat()
        #expect(lstat(socketPath, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o660)
        #expect(info.st_uid == getuid() && info.st_gid == getgid())
        // The directory it created lets the group reach the socket, and no one else.
        var directoryInfo = stat()
        #expect(stat(directory.path + "/ctl", &directoryInfo) == 0)
        #expect(directoryInfo.st_mode & 0o777 == 0o750)
        let status = try AdminClient.send(AdminRequest(arguments: ["show-status"]), to: socketPath)
        #expect(status.ok && status.text.contains("listening: 127.0.0.1["))
        loop.queue.sync { daemon.shutdown() }
        #expect(access(socketPath, F_OK) != 0)
    }

    @Test("adminsock disabled: no socket, and the daemon runs")
    func disabledSocket() throws {
        let directory = TemporaryDirectory()
        let config = testConfiguration(directory: directory, port: try freeUDPPort(), extra: "listen { adminsock disabled; }")
        var environment = testEnvironment(recorder: EnvironmentRecorder(), adminSocket: nil)
        environment.adminSocket = .configuration
        let loop = EventLoop(label: "adminsock-disabled")
        let daemon = try RaccoonDaemon.start(options: options(config), environment: environment, loop: loop, detach: false)
        #expect(loop.queue.sync { daemon.status().listening.count } == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.hasSuffix(".sock") })
        loop.queue.sync { daemon.shutdown() }
    }

    @Test("an adminsock owner that does not exist stops startup before the kernel is touched")
    func unknownOwner() throws {
        let directory = TemporaryDirectory()
        let config = testConfiguration(
            directory: directory, port: try freeUDPPort(),
            extra: "listen { adminsock \"\(directory.path)/r.sock\" \"no-such-user-raccoon\" \"0\" 0600; }")
        let kernel = InMemoryKernel()
        var environment = testEnvironment(kernel: kernel, recorder: EnvironmentRecorder(), adminSocket: nil)
        environment.adminSocket = .configuration
        let error = #expect(throws: StartupError.self) {
            try RaccoonDaemon.start(options: options(config), environment: environment, loop: EventLoop(), detach: false)
        }
        #expect(error?.description == "listen { adminsock }: user \"no-such-user-raccoon\" does not exist")
        #expect(kernel.registeredTypes.isEmpty)
    }
}
