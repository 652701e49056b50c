import Foundation
import Glibc
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

@Suite("Pid file")
struct PidFileTests {
    @Test("a held pid file refuses a second instance and names the holder's pid")
    func heldRefuses() throws {
        let directory = TemporaryDirectory()
        let path = directory.path + "/raccoon.pid"
        let first = try PidFile.acquire(path: path)
        try first.write(pid: 4321)
        #expect(throws: PidFileError.held(path: path, pid: 4321)) { try PidFile.acquire(path: path) }
        #expect(PidFileError.held(path: path, pid: 4321).description
            == "another raccoon is already running (pid 4321, pid file \(path))")
        first.remove()
        #expect(access(path, F_OK) != 0)
        let second = try PidFile.acquire(path: path)
        second.remove()
    }

    @Test("a stale pid file (nobody holds the lock) is taken over and rewritten")
    func staleReplaced() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("raccoon.pid", "999999\nleftover text\n", mode: 0o644)
        let file = try PidFile.acquire(path: path)
        try file.write(pid: getpid())
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "\(getpid())\n")
        #expect(PidFile.recordedPID(path: path) == getpid())
        file.remove()
    }

    @Test("a relative path is under /run, none means /run/raccoon.pid")
    func resolve() {
        #expect(PidFile.resolve(configured: nil) == "/run/raccoon.pid")
        #expect(PidFile.resolve(configured: "ike.pid") == "/run/ike.pid")
        #expect(PidFile.resolve(configured: "/var/run/x.pid") == "/var/run/x.pid")
    }

    @Test("a symlink is not followed")
    func symlinkRefused() throws {
        let directory = TemporaryDirectory()
        let target = directory.write("target", "")
        let link = directory.path + "/link.pid"
        symlink(target, link)
        let error = #expect(throws: PidFileError.self) { try PidFile.acquire(path: link) }
        #expect(error?.description.contains("ELOOP") == true || error?.description.contains("symbolic links") == true)
    }
}
