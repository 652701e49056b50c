public import RaccoonCore

/// An in-memory UDP network between engines, with hooks to drop, duplicate, reorder or record datagrams.
///
/// The analogue of wireguard-go's `bindtest.NewChannelBinds`: every datagram an engine sends goes into a queue;
/// the test harness delivers them to the node that owns the destination address. The `interceptor` decides each
/// datagram's fate before it is queued.
public struct LoopbackNetwork: Sendable {
    /// What happens to one datagram.
    public enum Fate: Sendable, Equatable {
        /// Deliver it normally.
        case deliver
        /// Lose it.
        case drop
        /// Deliver it twice.
        case duplicate
        /// Hold it back; it is delivered by `releaseHeld()` (used to reorder).
        case hold
    }

    /// A datagram on the wire, with its sequence number since the network was created (1-based).
    public struct Transmission: Sendable, Equatable {
        /// The order in which it was sent.
        public var index: Int
        /// The datagram.
        public var datagram: Datagram
    }

    /// Decides each datagram's fate; the default delivers everything.
    public var interceptor: @Sendable (Transmission) -> Fate = { _ in .deliver }
    /// Every datagram sent, in order, whatever its fate (the wire transcript).
    public private(set) var transcript: [Transmission] = []
    private var queue: [Datagram] = []
    private var held: [Datagram] = []

    /// An empty network.
    public init() {}

    /// Puts a datagram on the wire.
    public mutating func send(_ datagram: Datagram) {
        let transmission = Transmission(index: transcript.count + 1, datagram: datagram)
        transcript.append(transmission)
        switch interceptor(transmission) {
        case .deliver: queue.append(datagram)
        case .drop: break
        case .duplicate: queue.append(contentsOf: [datagram, datagram])
        case .hold: held.append(datagram)
        }
    }

    /// Injects a datagram as if a third party sent it (it is not recorded in the transcript).
    public mutating func inject(_ datagram: Datagram) {
        queue.append(datagram)
    }

    /// Takes the next datagram to deliver, if any.
    public mutating func next() -> Datagram? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    /// Moves held datagrams into the delivery queue, in the order they were held.
    public mutating func releaseHeld() {
        queue.append(contentsOf: held)
        held.removeAll()
    }

    /// Whether nothing is waiting for delivery.
    public var isIdle: Bool { queue.isEmpty }
}
