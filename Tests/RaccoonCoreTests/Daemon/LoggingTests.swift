import ConfParser
import Foundation
import Logging
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

@Suite("Daemon logging")
struct LoggingTests {
    @Test(
        "the config's log level plus one step per -d, capped at debug2",
        arguments: [
            (LogLevel.info, 0, LogLevel.info), (.info, 1, .debug), (.info, 2, .debug2), (.info, 5, .debug2),
            (.error, 0, .error), (.warning, 1, .notify), (.notify, 2, .debug), (.debug2, 1, .debug2),
        ])
    func effectiveLevel(configured: LogLevel, flags: Int, expected: LogLevel) {
        #expect(LogLevel.effective(configured: configured, debugFlags: flags) == expected)
    }

    @Test("racoon levels map to swift-log levels and back to racoon's tags")
    func levelMapping() {
        for level in LogLevel.allCases {
            let tag = level.loggerLevel.racoonTag
            #expect(tag == ["ERROR", "WARNING", "NOTIFY", "INFO", "DEBUG", "DEBUG2"][level.rawValue - 1])
        }
    }

    @Test("a line looks like racoon's: YYYY-MM-DD HH:MM:SS: LEVEL: message")
    func lineFormat() throws {
        let line = LogLineFormatter().format(
            level: .info, message: "10.0.0.1[500] used as isakmp port (fd=7)", metadata: [:], file: "a/b/Driver.swift",
            function: "start(kernelFileDescriptor:)", line: 12, seconds: 1_700_000_000)
        let pattern = #/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}: INFO: 10\.0\.0\.1\[500\] used as isakmp port \(fd=7\)$/#
        #expect(line.wholeMatch(of: pattern) != nil)
        #expect(line.hasPrefix(LogLineFormatter.timestamp(1_700_000_000)))
    }

    @Test("-L adds file:line:function(), metadata is sorted, newlines cannot forge lines")
    func locationMetadataNewlines() {
        let formatter = LogLineFormatter(includeLocation: true, includeTimestamp: false)
        let line = formatter.format(
            level: .trace, message: "peer said \"x\nERROR: fake\"", metadata: ["z.key": "1", "a.key": "2"],
            file: "/src/Driver.swift", function: "run()", line: 42, seconds: 0)
        #expect(line == "DEBUG2: Driver.swift:42:run(): peer said \"x ERROR: fake\" (a.key=2, z.key=1)")
    }

    @Test("the destination follows -F, -l and syslog rules")
    func destination() {
        let foreground = LogDestination(foreground: true, logFile: nil, includeLocation: false, configured: .info, debugFlags: 1)
        #expect(foreground.standardError && foreground.syslog && foreground.file == nil && foreground.level == .debug)
        let file = LogDestination(foreground: false, logFile: "/var/log/r.log", includeLocation: true, configured: .notify, debugFlags: 0)
        #expect(!file.standardError && !file.syslog && file.file == "/var/log/r.log" && file.level == .notify)
        #expect(SyslogLogHandler.priority(.notice) == 5 && SyslogLogHandler.priority(.error) == 3)
    }

    @Test("under systemd (-F, standard error is the journal's stream) only syslog writes, keeping priorities")
    func journalStream() {
        let underSystemd = LogDestination(
            foreground: true, logFile: nil, includeLocation: false, configured: .info, debugFlags: 0,
            standardErrorIsJournal: true)
        #expect(!underSystemd.standardError && underSystemd.syslog)
        // With -l the file replaces syslog, so the journal's only copy is standard error's: kept.
        let withFile = LogDestination(
            foreground: true, logFile: "/var/log/r.log", includeLocation: false, configured: .info, debugFlags: 0,
            standardErrorIsJournal: true)
        #expect(withFile.standardError && !withFile.syslog)
        #expect(JournalStream.matches("8:12345", device: 8, inode: 12345))
        #expect(!JournalStream.matches("8:12345", device: 8, inode: 12346))
        #expect(!JournalStream.matches("8:x", device: 8, inode: 0) && !JournalStream.matches("", device: 0, inode: 0))
    }

    @Test("the descriptor handler writes whole lines at its level")
    func descriptorHandler() throws {
        let directory = TemporaryDirectory()
        let fd = try DescriptorLogHandler.openLogFile(directory.path + "/raccoon.log")
        defer { close(fd) }
        let logger = Logger(label: "t") { _ in
            DescriptorLogHandler(fileDescriptor: fd, level: .info, formatter: LogLineFormatter(includeTimestamp: false))
        }
        logger.debug("hidden")
        logger.warning("shown", metadata: ["ike.peer": "10.0.0.2[500]"])
        let text = try String(contentsOfFile: directory.path + "/raccoon.log", encoding: .utf8)
        #expect(text == "WARNING: shown (ike.peer=10.0.0.2[500])\n")
    }
}
