// raccoon: the racoon-compatible IKEv1 keying daemon. The program logic lives in RaccoonCore.
import ConfParser
import Foundation
import RaccoonCore

/// Builds the engine's configuration from racoon.conf and psk.txt. The engine does not read ConfParser's model
/// yet, so daemon mode stops here with a clear message instead of running without policies.
func engineConfiguration(_ configuration: Configuration, _ keys: PreSharedKeyFile?) throws(StartupError)
    -> EngineConfiguration
{
    throw .engineConfiguration(
        "this build's engine cannot read racoon.conf yet (EngineConfiguration from ConfParser is not written); "
            + "use 'raccoon -t' to check a configuration")
}

/// Runs the IKE daemon with `options`: never returns on success.
func runDaemon(_ options: CommandLineOptions) -> Int32 {
    RaccoonDaemon.run(
        options: options,
        environment: RaccoonDaemon.productionEnvironment(makeEngineConfiguration: engineConfiguration))
}

exit(RaccoonCommandLine.run(arguments: CommandLine.arguments, runDaemon: runDaemon))
