// libFuzzer target for the XFRM netlink codec and what reads kernel messages through it: the datagram splitter, the
// message decoder, the requests rebuilt from decoded policies and SAs (round trip), and the translator that turns
// XFRM replies and events into the engine's SADB messages. Built by scripts/fuzz.sh with -sanitize=fuzzer,address
// and -DLIBFUZZER; in an ordinary `swift build` it is a small program that replays the files named on its command
// line. Seeds: the real kernels' captures (Tests/XFRMNetlinkTests/Fixtures, copied to Fuzz/corpus/xfrm).
import FuzzSupport
import PFKeyListener
import XFRMNetlink

/// Feeds one input (one datagram as the socket would read it) to every entry point. A violated property traps,
/// which libFuzzer reports as a crash.
func fuzzOneInput(_ bytes: [UInt8]) {
    guard let messages = try? NetlinkMessage.parseDatagram(bytes) else { return }
    // The splitter keeps what it parsed: serialising the messages and splitting again gives the same messages.
    let serialized = messages.flatMap { $0.serialize() }
    guard let again = try? NetlinkMessage.parseDatagram(serialized) else {
        preconditionFailure("re-serialised netlink messages do not parse")
    }
    precondition(again == messages, "re-parsed netlink messages differ")

    var translator = XFRMTranslator(portID: 4242)
    for message in messages {
        if let decoded = try? XFRMMessage(message) {
            checkRoundTrip(decoded)
        }
        // Replies with nothing pending and events: neither may crash, whatever they hold.
        _ = translator.receiveReply(message)
        _ = translator.receiveEvent(message)
    }
}

/// A decoded policy or SA, written back as the request Raccoon would send, must decode; and writing that back must
/// be stable (the first pass may normalise what the kernel's encoding allows and ours does not, e.g. bytes after a
/// NUL in an algorithm name).
func checkRoundTrip(_ decoded: XFRMMessage) {
    switch decoded {
    case .policy(_, let info, let attributes):
        let first = rebuiltPolicy(info, attributes)
        let second = rebuiltPolicy(first.0, first.1)
        precondition(first.0 == second.0, "rebuilding a policy is not stable")
        precondition(first.1.templates == second.1.templates, "rebuilding templates is not stable")
        precondition(first.1.securityContext == second.1.securityContext, "rebuilding a context is not stable")
    case .state(_, let info, let attributes):
        let first = rebuiltState(info, attributes)
        let second = rebuiltState(first.0, first.1)
        precondition(first.0 == second.0, "rebuilding an SA is not stable")
        precondition(first.1 == second.1, "rebuilding an SA's attributes is not stable")
    default:
        break
    }
}

func rebuiltPolicy(_ info: XFRMPolicyInfo, _ attributes: XFRMAttributes) -> (XFRMPolicyInfo, XFRMAttributes) {
    let request = XFRMRequest.installPolicy(info, attributes: attributes, update: false)
    guard case .policy(.newPolicy, let again, let againAttributes)? = try? XFRMMessage(request.message(sequence: 1, portID: 0))
    else { preconditionFailure("a rebuilt NEWPOLICY does not decode") }
    return (again, againAttributes)
}

func rebuiltState(_ info: XFRMStateInfo, _ attributes: XFRMAttributes) -> (XFRMStateInfo, XFRMAttributes) {
    let request = XFRMRequest.installState(info, attributes: attributes, update: false)
    guard case .state(.newSA, let again, let againAttributes)? = try? XFRMMessage(request.message(sequence: 1, portID: 0))
    else { preconditionFailure("a rebuilt NEWSA does not decode") }
    return (again, againAttributes)
}

@main
struct XFRMFuzzerMain {
    static func main() { FuzzDriver.run(fuzzOneInput) }
}
