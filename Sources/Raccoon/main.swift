// raccoon: the racoon-compatible IKEv1 keying daemon. The program logic lives in RaccoonDaemon (the daemon) and RaccoonCore (the engine).
import Glibc
import PFKeyListener
import RaccoonCore
import BenchmarkKernel
import RaccoonDaemon

/// Runs the IKE daemon with `options`: returns only on a startup failure or at exit.
func runDaemon(_ options: CommandLineOptions) -> Int32 {
    var environment = RaccoonDaemon.productionEnvironment()
    if case .memory(let policyFile) = options.kernel {
        // Benchmarks only: the ordinary daemon keys an in-memory kernel loaded from a setkey file. The real
        // kernel holds no IPsec policy for the benchmark, so the IKE sockets need no bypass policy.
        environment.bypassPolicy = false
        environment.openKernel = { _ throws(PFKeyError) in
            StandardStream.error.write("raccoon: --kernel=memory: SAs are kept in memory and never reach the kernel (benchmarks only)\n")
            // FakeKernel keeps no SA (O(1) per request at 50k peers), only the SPD for the startup dump.
            let kernel = FakeKernel(pid: UInt32(getpid()))
            if let policyFile {
                do {
                    try SetKeyFileLoader.load(policyFile, into: kernel)
                } catch {
                    StandardStream.error.write("raccoon: --kernel=memory: \(error)\n")
                    throw PFKeyError.systemCall("--kernel=memory: \(policyFile)", errno: EINVAL)
                }
            }
            return DaemonEnvironment.Kernel(channel: kernel, fileDescriptor: nil, close: {})
        }
    }
    return RaccoonDaemon.run(options: options, environment: environment)
}

exit(RaccoonCommandLine.run(arguments: CommandLine.arguments, runDaemon: runDaemon))
