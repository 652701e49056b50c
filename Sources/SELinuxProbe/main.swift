// selinux-probe: asks SELinuxPolicy's LibSELinuxChecker what it sees, for the real-kernel
// tests in the qemu guest (scripts/vm/guest/selinux-check.sh).
//
//   selinux-probe status                   key=value lines (enabled, availability, mls, ...)
//   selinux-probe validate CONTEXT         exit 0 valid, 4 invalid, 2 not checked (SELinux off)
//   selinux-probe polmatch SUBJECT OBJECT  the decision; exit 0 allowed, 1 denied,
//                                          2 SELinux disabled, 3 no MLS/MCS, 4 invalid context,
//                                          5 check failed, 64 usage
// libselinux's log messages are printed as "log <kind>: <text>" lines on stdout.
import SELinuxPolicy

#if canImport(Glibc)
    import Glibc
#endif

func availabilityName(_ availability: SELinuxAvailability) -> String {
    switch availability {
    case .enabled: return "enabled"
    case .notInKernel: return "not-in-kernel"
    case .selinuxfsNotMounted: return "selinuxfs-not-mounted"
    case .disabled: return "disabled"
    }
}

func flag(_ value: Bool?) -> String {
    switch value {
    case .some(true): return "1"
    case .some(false): return "0"
    case .none: return "unknown"
    }
}

func usage() -> Never {
    print("usage: selinux-probe status | selinux-probe validate CONTEXT | selinux-probe polmatch SUBJECT OBJECT")
    exit(64)
}

LibSELinuxChecker.setLogHandler { message in
    print("log \(message.kind): \(message.text)")
}
let checker = LibSELinuxChecker()
let arguments = Array(CommandLine.arguments.dropFirst())

switch arguments.first {
case "status":
    guard arguments.count == 1 else { usage() }
    let status = checker.status()
    print("enabled=\(flag(status.isEnabled))")
    print("availability=\(availabilityName(status.availability))")
    print("mls=\(flag(status.mlsEnabled))")
    print("enforcing=\(flag(status.enforcing))")
    print("policy_type=\(status.policyType ?? "unknown")")
    print("policy_version=\(status.policyVersion.map(String.init) ?? "unknown")")
    print("process_context=\(status.processContext ?? "unknown")")
    print("summary=\(status)")
case "validate":
    guard arguments.count == 2 else { usage() }
    let validation = checker.validate(context: arguments[1])
    print("validation=\(validation)")
    switch validation {
    case .valid: exit(0)
    case .invalid: exit(4)
    case .notChecked: exit(2)
    }
case "polmatch":
    guard arguments.count == 3 else { usage() }
    let decision = checker.polmatch(subject: arguments[1], object: arguments[2])
    let name: String
    let code: Int32
    switch decision {
    case .allowed: (name, code) = ("allowed", 0)
    case .denied: (name, code) = ("denied", 1)
    case .selinuxDisabled: (name, code) = ("selinux-disabled", 2)
    case .mlsDisabled: (name, code) = ("mls-disabled", 3)
    case .invalidContext: (name, code) = ("invalid-context", 4)
    case .checkFailed: (name, code) = ("check-failed", 5)
    }
    print("decision=\(name)")
    print("reason=\(decision)")
    exit(code)
default:
    usage()
}
