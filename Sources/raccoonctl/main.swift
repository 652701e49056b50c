// raccoonctl: talks to raccoon's admin socket (racoonctl's commands, plus show-status).
import Foundation
import RaccoonCore

/// Parses `[-s socket] [--json] command [arguments]`, sends the request and prints the reply. Exit status: 0 on
/// success, 1 when the daemon refused or failed the command, 2 for usage errors or an unreachable daemon.
func run(_ arguments: [String]) -> Int32 {
    var words = arguments
    var socketPath = RaccoonDaemon.adminSocketPath()
    var json = false
    while let first = words.first, first.hasPrefix("-") {
        words.removeFirst()
        switch first {
        case "-s":
            guard let path = words.first else {
                FileHandle.standardError.write(Data("raccoonctl: -s needs a socket path\n".utf8))
                return 2
            }
            socketPath = path
            words.removeFirst()
        case "--json", "-j":
            json = true
        case "-h", "--help":
            print(AdminCommand.usage, terminator: "")
            return 0
        default:
            FileHandle.standardError.write(Data("raccoonctl: unknown option \(first)\n\(AdminCommand.usage)".utf8))
            return 2
        }
    }
    guard !words.isEmpty else {
        FileHandle.standardError.write(Data(AdminCommand.usage.utf8))
        return 2
    }
    // Check locally first, so a typo does not need a running daemon to be explained.
    do {
        _ = try AdminCommand.parse(words)
    } catch {
        FileHandle.standardError.write(Data("raccoonctl: \(error)\n".utf8))
        return 2
    }
    let response: AdminResponse
    do {
        response = try AdminClient.send(AdminRequest(arguments: words, json: json), to: socketPath)
    } catch {
        FileHandle.standardError.write(Data("raccoonctl: \(error)\n".utf8))
        return 2
    }
    if json {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let data = try? encoder.encode(response), let text = String(data: data, encoding: .utf8) { print(text) }
    } else if response.ok {
        if !response.text.isEmpty { print(response.text) }
    } else {
        FileHandle.standardError.write(Data("raccoonctl: \(response.text)\n".utf8))
    }
    return response.ok ? 0 : 1
}

exit(run(Array(CommandLine.arguments.dropFirst())))
