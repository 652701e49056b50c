// raccoonctl: talks to raccoon's admin socket (racoonctl's commands, plus show-status). It links RaccoonAdmin
// (the protocol and the racoon.conf reader for -f), not the engine.
import Glibc
import RaccoonAdmin

func printError(_ text: String) {
    StandardStream.error.write("raccoonctl: \(text)\n")
}

/// Parses `[-s socket | -f racoon.conf] [--json] command [arguments]`, sends the request and prints the reply.
/// Exit status: 0 on success, 1 when the daemon refused or failed the command, 2 for usage errors, an unusable
/// racoon.conf or an unreachable daemon.
func run(_ arguments: [String]) -> Int32 {
    let invocation: RaccoonctlInvocation
    do {
        invocation = try RaccoonctlInvocation.parse(arguments)
    } catch {
        printError("\(error)")
        StandardStream.error.write(AdminCommand.usage)
        return 2
    }
    guard case .send(let words, let socket, let configuration, let json) = invocation else {
        StandardStream.output.write(AdminCommand.usage)
        return 0
    }
    let response: AdminResponse
    do {
        let path = try AdminSocketPath.resolve(
            socket: socket, configuration: configuration, environment: AdminSocketPath.environmentOverride())
        response = try AdminClient.send(AdminRequest(arguments: words, json: json), to: path)
    } catch {
        printError("\(error)")
        return 2
    }
    if json {
        StandardStream.output.write(response.prettyJSON() + "\n")
    } else if response.ok {
        if !response.text.isEmpty { StandardStream.output.write(response.text + "\n") }
    } else {
        printError(response.text)
    }
    return response.ok ? 0 : 1
}

exit(run(Array(CommandLine.arguments.dropFirst())))
