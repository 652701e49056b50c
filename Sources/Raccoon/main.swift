// raccoon: the racoon-compatible IKEv1 keying daemon. The program logic lives in RaccoonCore.
import Foundation
import RaccoonCore

/// Runs the IKE daemon with `options`: returns only on a startup failure or at exit.
func runDaemon(_ options: CommandLineOptions) -> Int32 {
    RaccoonDaemon.run(options: options, environment: RaccoonDaemon.productionEnvironment())
}

exit(RaccoonCommandLine.run(arguments: CommandLine.arguments, runDaemon: runDaemon))
