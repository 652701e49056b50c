/// The command line of `setkey`, parsed the way ipsec-tools 0.8's `getopt("acdf:HlnvxDFPphVrk?")` does:
/// options may be combined (`-DP`, `-FP`, `-xx`, `-DPp`), the last of `-c -f -D -F -x` chooses the mode,
/// and remaining arguments are files of raw PF_KEY messages to print.
public struct SetKeyOptions: Sendable, Equatable {
    /// What setkey does.
    public enum Mode: Sendable, Equatable {
        /// `-f file` (`-` = standard input): parse the whole file, then apply it.
        case script(path: String)
        /// `-c`: read statements from standard input, applying each as its `;` arrives.
        case standardInput
        /// `-D` (`-DP` for the SPD).
        case dump
        /// `-F` (`-FP` for the SPD).
        case flush
        /// `-x` (`-xx` for raw timestamps): print every PF_KEY message until interrupted.
        case monitor
        /// `setkey file...`: print SADB messages stored in files.
        case printFiles([String])
        /// `-h`, `-?`: usage.
        case help
        /// `-V`: version.
        case version
    }

    /// The mode.
    public var mode: Mode
    /// `-P`: the SPD instead of the SAD for `-D` and `-F`.
    public var policy = false
    /// `-a`: show dead SAs too.
    public var all = false
    /// `-l`: loop with the short format on `-D`.
    public var loop = false
    /// `-n`: parse only, change nothing.
    public var notReally = false
    /// `-H`: hex dump of messages in `-x` and `-v` mode.
    public var hexDump = false
    /// `-p`: show ports in dumps.
    public var withPorts = false
    /// `-v`: print every message exchanged.
    public var verbose = false
    /// Number of `-x` given (2 = raw timestamps).
    public var monitorLevel = 0
    /// `-r` (default) / `-k`: RFC semantics add a `fwd` policy for every `in` policy.
    public var rfcMode = true
    /// `--kernel=` (Raccoon only): the kernel interface, as raccoon's.
    public var kernel: KernelInterface = .automatic

    /// The kernel interfaces setkey can use.
    public enum KernelInterface: String, Sendable, Equatable {
        /// PF_KEY when an `AF_KEY` socket opens, XFRM netlink otherwise.
        case automatic = "auto"
        case pfkey
        case xfrm
    }

    /// Creates options for a mode.
    public init(mode: Mode) { self.mode = mode }

    /// The usage text setkey prints.
    public static let usage = """
        usage: setkey [-vrk] file ...
               setkey [-nvrk] -c
               setkey [-nvrk] -f filename
               setkey [-Palpvrk] -D
               setkey [-Pv] -F
               setkey [-H] -x
               setkey [-V] [-h]
        Raccoon: --kernel=auto|pfkey|xfrm before the options above picks the kernel interface
        (auto: PF_KEY when it opens, XFRM netlink otherwise).

        """

    /// Parses `arguments` (without the program name).
    public static func parse(_ arguments: [String]) throws(SetKeyUsageError) -> SetKeyOptions {
        guard !arguments.isEmpty else { throw SetKeyUsageError("no arguments") }
        var options = SetKeyOptions(mode: .help)
        var mode: Mode?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            if argument.hasPrefix("--kernel=") {
                let value = String(argument.dropFirst("--kernel=".count))
                guard let kernel = KernelInterface(rawValue: value) else {
                    throw SetKeyUsageError("invalid --kernel=\(value): expected auto, pfkey or xfrm")
                }
                options.kernel = kernel
                index += 1
                continue
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { break }
            var letters = Substring(argument.dropFirst())
            while let letter = letters.first {
                letters = letters.dropFirst()
                switch letter {
                case "c": mode = .standardInput
                case "f":
                    let path: String
                    if !letters.isEmpty {
                        path = String(letters)
                        letters = ""
                    } else {
                        index += 1
                        guard index < arguments.count else { throw SetKeyUsageError("option requires an argument -- 'f'") }
                        path = arguments[index]
                    }
                    mode = .script(path: path)
                case "D": mode = .dump
                case "F": mode = .flush
                case "a": options.all = true
                case "l": options.loop = true
                case "n": options.notReally = true
                case "H": options.hexDump = true
                case "x":
                    mode = .monitor
                    options.monitorLevel += 1
                case "P": options.policy = true
                case "p": options.withPorts = true
                case "v": options.verbose = true
                case "r": options.rfcMode = true
                case "k": options.rfcMode = false
                case "V": return SetKeyOptions(mode: .version)
                case "h", "?": return SetKeyOptions(mode: .help)
                default: throw SetKeyUsageError("invalid option -- '\(letter)'")
                }
            }
            index += 1
        }
        if index < arguments.count {
            options.mode = .printFiles(Array(arguments[index...]))
            return options
        }
        guard let mode else { throw SetKeyUsageError("no mode given (-c, -f, -D, -F or -x)") }
        options.mode = mode
        return options
    }
}

/// A command line setkey cannot run; the executable prints the message and the usage and exits 1.
public struct SetKeyUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
