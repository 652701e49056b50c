internal import RaccoonCore
internal import ConfParser

/// A getopt(3)-compatible parser for racoon(8)'s flags plus Raccoon's `-t`, `-K` and `-h`.
///
/// Flags may be combined (`-dF`, `-ddF`), an argument may be attached (`-ffile`) or separate (`-f file`, even if
/// it starts with `-`), `--` ends the flags, and `-d` is counted. racoon takes no positional arguments, so any
/// is an error. As in racoon, `-V` prints the version at once: flags after it are not examined.
public enum CommandLineParser {
    /// The getopt string: racoon's `dLFp:P:f:l:vVZBC46` plus `t`, `K:` and `h`.
    public static let optionString = "dLFp:P:f:l:vVZBC46tK:h"

    /// The usage text (printed for `-h`, and after any command-line error).
    public static let usage = """
        usage: raccoon [-46BCdFLtvVZh] [-f file] [-l logfile] [-p port] [-P natt-port] [-K keydir]
          -f file   configuration file (default \(CommandLineOptions.defaultConfigurationPath))
          -t        check the configuration and every file it references (includes, psk.txt and its
                    permissions), print a summary and exit 0 if it is usable, 1 if not
          -d        raise the log level by one (repeatable: -dd)
          -F        stay in the foreground and log to standard output
          -l file   log to this file instead of syslog
          -p port   IKE port (default 500)
          -P port   NAT-T port (default 4500)
          -4, -6    without a listen section, bind only IPv4 (-4) or IPv6 (-6) addresses
          -v        accepted for racoon compatibility, no effect (racoon's packet dumps; use -d)
          -L        add the source location to log lines
          -B        not implemented: racoon restored the SAs saved in 'path backupsa'; warned and ignored
          -C        log the parsed remotes and sainfos at startup (the summary of -t)
          -Z        not implemented: racoon's local test mode (no SAs installed); raccoon refuses to start
          -K dir    debugging only: write the IKE and ESP keys Wireshark needs into dir
                    (ikev1_decryption_table, esp_sa); these files hold secrets
          --kernel=auto|pfkey|xfrm
                    the kernel interface: PF_KEY (af_key) or XFRM netlink; auto (the default,
                    or racoon.conf's kernel_interface) uses PF_KEY when it opens, else XFRM
          --kernel=memory[=SPDFILE]
                    benchmarks only: key an in-memory kernel whose SPD is loaded from a setkey
                    file, instead of the real kernel (like strongSwan's load-tester fake_kernel)
          -V        print the version and compiled-in features and exit
          -h        print this help and exit

        """

    /// Parses the arguments after the program name.
    public static func parse(_ arguments: [String]) throws(CommandLineError) -> CommandLineOptions {
        var options = CommandLineOptions()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" {
                options.action = .printHelp
                return options
            }
            // Raccoon's one long option (racoon has none): --kernel=auto|pfkey|xfrm|memory[=FILE].
            if argument.hasPrefix("--kernel=") {
                options.kernel = try kernel(String(argument.dropFirst("--kernel=".count)))
                continue
            }
            if argument == "--" {
                if index < arguments.count { throw CommandLineError(.unexpectedArgument(arguments[index])) }
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                throw CommandLineError(.unexpectedArgument(argument))
            }
            var flags = Substring(argument.dropFirst())
            while let flag = flags.first {
                flags = flags.dropFirst()
                switch flag {
                case "f", "l", "p", "P", "K":
                    let value: String
                    if !flags.isEmpty {
                        value = String(flags)
                        flags = ""
                    } else if index < arguments.count {
                        value = arguments[index]
                        index += 1
                    } else {
                        throw CommandLineError(.missingArgument(flag))
                    }
                    try apply(flag, value, to: &options)
                case "d": options.debugLevel += 1
                case "F": options.foreground = true
                case "L": options.logLocations = true
                case "v": options.verbose = true
                case "Z": options.localTestMode = true
                case "B": options.restoreBackupSAs = true
                case "C": options.dumpConfiguration = true
                case "4": options.addressFamily = .inet
                case "6": options.addressFamily = .inet6
                case "t": options.action = .testConfiguration
                case "V":
                    options.action = .printVersion
                    return options
                case "h":
                    options.action = .printHelp
                    return options
                default:
                    throw CommandLineError(.unknownOption(flag))
                }
            }
        }
        return options
    }

    /// `auto`, `pfkey`, `xfrm`, `memory` or `memory=FILE`.
    private static func kernel(_ value: String) throws(CommandLineError) -> CommandLineOptions.Kernel {
        if let interface = KernelInterface(rawValue: value) { return .real(interface) }
        if value == "memory" { return .memory(policyFile: nil) }
        if value.hasPrefix("memory="), value.count > "memory=".count {
            return .memory(policyFile: String(value.dropFirst("memory=".count)))
        }
        throw CommandLineError(.invalidLongOption("--kernel=\(value)"))
    }

    private static func apply(_ flag: Character, _ value: String,
                              to options: inout CommandLineOptions) throws(CommandLineError) {
        switch flag {
        case "f":
            guard !value.isEmpty else { throw CommandLineError(.invalidArgument(flag, value)) }
            options.configurationPath = value
        case "l":
            guard !value.isEmpty else { throw CommandLineError(.invalidArgument(flag, value)) }
            options.logFile = value
        case "K":
            guard !value.isEmpty else { throw CommandLineError(.invalidArgument(flag, value)) }
            options.wiresharkKeyDirectory = value
        default:
            guard value.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let port = UInt16(value), port > 0 else {
                throw CommandLineError(.invalidArgument(flag, value))
            }
            if flag == "p" { options.isakmpPort = port } else { options.natTraversalPort = port }
        }
    }
}
