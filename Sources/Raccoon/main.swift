// raccoon: the racoon-compatible IKEv1 keying daemon. The program logic lives in RaccoonCore.
import Foundation
import RaccoonCore

/// Runs the IKE daemon with `options`. The daemon is not written yet (it has its own issue); replace this
/// function when the engine lands. Until then it says so and fails, so nobody mistakes this build for one that
/// protects traffic.
func runDaemon(_ options: CommandLineOptions) -> Int32 {
    FileHandle.standardError.write(Data(
        "raccoon: daemon mode is not available in this build yet; use 'raccoon -t -f \(options.configurationPath)' to check a configuration\n".utf8))
    return 1
}

exit(RaccoonCommandLine.run(arguments: CommandLine.arguments, runDaemon: runDaemon))
