import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport

/// What the wire shows of a transcript: exchange types and the notifies that travel in the clear.
extension LoopbackNetwork {
    /// Every datagram parsed as an ISAKMP message (unparseable ones are skipped).
    var messages: [(from: IPAddress, message: ISAKMPMessage)] {
        transcript.compactMap { transmission in
            (try? ISAKMPMessage(parsing: transmission.datagram.bytes)).map { (transmission.datagram.local.address, $0) }
        }
    }

    /// The unencrypted notifies on the wire, with their sender.
    var plainNotifies: [(from: IPAddress, type: NotifyMessageType)] {
        messages.flatMap { from, message in
            message.payloads.compactMap { payload in
                if case .notification(let notify) = payload { return (from, notify.notifyType) }
                return nil
            }
        }
    }

    /// How many encrypted Informational messages `sender` put on the wire.
    func encryptedInformationalCount(from sender: IPAddress) -> Int {
        messages.filter { $0.from == sender && $0.message.header.exchangeType == .informational && $0.message.encryptedBody != nil }.count
    }
}

extension EngineTestbed.Node {
    /// Whether the node asked its kernel to give up on an ACQUIRE (SADB_ACQUIRE with errno).
    var sentAcquireFailure: Bool {
        kernel.requestsReceived.contains { $0.type == .acquire && $0.errno != 0 }
    }
}

extension InMemoryKernel {
    /// The keyed SAs that can carry traffic (mature or dying), without larval or failed acquire states.
    var keyed: [InstalledSA] { states.filter { $0.state == .mature || $0.state == .dying } }
}
