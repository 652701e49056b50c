// raccoonctl: talks to raccoon's admin socket (racoonctl's commands, plus show-status).
import Foundation
import RaccoonCore

/// Parses `[-s socket] [--json] command [arguments]`, sends the request and prints the reply. Exit status: 0 on
/// success, 1 when the daemon refused or failed the command, 2 for usage errors or an unreachable daemon.
func run(_ arguments: [String]) -> Int32 {
    let invocation: RaccoonctlInvocation
    do {
        invocation = try RaccoonctlInvocation.parse(arguments, defaultSocket: RaccoonDaemon.adminSocketPath())
    } catch {
        FileHandle.standardError.write(Data("raccoonctl: \(error)\n\(AdminCommand.usage)".utf8))
        return 2
    }
    guard case .send(let words, let socketPath, let json) = invocation else {
        print(AdminCommand.usage, terminator: "")
        return 0
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
