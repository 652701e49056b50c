// setkey: manually manipulate the IPsec SA/SP database, compatible with ipsec-tools 0.8's setkey(8).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import PFKeyListener
import SetKeyCore
import XFRMNetlink

@Sendable func writeAll(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)[...]
    while !bytes.isEmpty {
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written < 0 && errno == EINTR { continue }
        guard written > 0 else { return }
        bytes = bytes.dropFirst(written)
    }
}

let output = SetKeyOutput(standard: { writeAll(STDOUT_FILENO, $0) }, error: { writeAll(STDERR_FILENO, $0) })

@Sendable func epochSeconds() -> UInt64 { UInt64(max(0, time(nil))) }

func readAll(_ path: String) -> [UInt8]? {
    let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { if path != "-" { close(fd) } }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count >= 0 else { return nil }
        if count == 0 { return bytes }
        bytes += buffer[0..<count]
    }
}

func fail(_ message: String) -> Never {
    output.error("setkey: \(message)\n")
    exit(1)
}

func openSession(_ options: SetKeyOptions) -> SetKeySession {
    do {
        let opened = try KernelChannelSelection.open(
            pfkey: options.kernel != .xfrm, xfrm: options.kernel != .pfkey, bufferKB: nil)
        return SetKeySession(channel: opened.channel, options: options, output: output, clock: epochSeconds)
    } catch {
        fail("\(error)")
    }
}

func runScript(path: String, options: SetKeyOptions) -> Int32 {
    let name = path == "-" ? "<stdin>" : path
    guard let text = readAll(path) else { fail("Can't open `\(path)': \(String(cString: strerror(errno)))") }
    let statements: [SetKeyStatement]
    do {
        statements = try SetKeyParser.parse(text, file: name)
    } catch {
        // Nothing of the file is applied when any statement fails to parse.
        output.error("setkey: \(error)\nsetkey: \(name): nothing applied\n")
        return 1
    }
    if options.notReally { return 0 }
    let failures = openSession(options).apply(statements)
    return failures.isEmpty ? 0 : 1
}

/// `-c`: statements from standard input, each applied when its `;` has been read.
func runStandardInput(options: SetKeyOptions) -> Int32 {
    let session = options.notReally ? nil : openSession(options)
    var pending = ""
    var consumedLines = 0
    var status: Int32 = 0
    while let line = readLine(strippingNewline: false) {
        pending += line
        guard let end = pending.lastIndex(of: ";") else { continue }
        let chunk = String(pending[...end])
        let prefix = String(repeating: "\n", count: consumedLines)
        do {
            let statements = try SetKeyParser.parse(prefix + chunk, file: "<stdin>")
            if let session, !session.apply(statements).isEmpty { status = 1 }
            if statements.last?.command == .exit { return status }
        } catch {
            output.error("setkey: \(error)\n")
            status = 1
        }
        consumedLines += chunk.filter { $0 == "\n" }.count
        pending = String(pending[pending.index(after: end)...])
    }
    return status
}

let options: SetKeyOptions
do {
    options = try SetKeyOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    output.error("setkey: \(error)\n")
    output.standard(SetKeyOptions.usage)
    exit(1)
}

switch options.mode {
case .help:
    output.standard(SetKeyOptions.usage)
    exit(0)
case .version:
    output.standard("setkey (Raccoon) compatible with ipsec-tools 0.8 setkey\n")
    exit(0)
case .printFiles(let paths):
    let printer = MessageFilePrinter(formatter: DumpFormatter(withPorts: options.withPorts, now: epochSeconds()))
    for path in paths {
        guard let bytes = readAll(path) else { fail("\(path): \(String(cString: strerror(errno)))") }
        do {
            output.standard(printer.render(try MessageFilePrinter.split(bytes)))
        } catch {
            fail("\(path): \(error)")
        }
    }
    exit(0)
case .script(let path):
    exit(runScript(path: path, options: options))
case .standardInput:
    exit(runStandardInput(options: options))
case .dump:
    exit(openSession(options).run(commandLine: options.policy ? .spdDump : .dump) ? 0 : 1)
case .flush:
    exit(openSession(options).run(commandLine: options.policy ? .spdFlush : .flush) ? 0 : 1)
case .monitor:
    do {
        try openSession(options).monitor()
    } catch {
        fail("\(error)")
    }
    exit(0)
}
