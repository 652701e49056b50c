/// What the `InMemoryKernel` did with an injected outbound packet.
public enum PacketOutcome: Equatable, Sendable {
    /// No outbound policy matched: sent in clear.
    case noPolicy
    /// A bypass/none policy matched: sent in clear.
    case bypassed(policyID: UInt32)
    /// A discard policy matched.
    case discarded(policyID: UInt32)
    /// Every template had a usable SA: the packet was protected with these SPIs (counters incremented).
    case protected(spis: [UInt32])
    /// No SA yet and an acquire is already pending: dropped (Linux `xfrm_larval_drop`).
    case droppedAwaitingKeys(acquireSequence: UInt32)
    /// No SA: an SADB_ACQUIRE with this seq was queued for the registered socket, the packet dropped.
    case acquireSent(sequence: UInt32)
}
