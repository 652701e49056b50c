internal import RaccoonCore
internal import Dispatch
public import IKECrypto
internal import Synchronization

/// The daemon's random source: ``SystemRandom``, plus Diffie-Hellman key pairs generated ahead of time on another
/// core.
///
/// Key generation (g^x mod p) is about half of the DH work in a negotiation, and it does not depend on the peer.
/// A small pool per group is kept full by a background queue, so the event loop only takes a finished pair, and a
/// negotiation's latency loses two exponentiations per side. Each pair is handed out once and then dropped, exactly
/// as one made on demand (no reuse across negotiations, so perfect forward secrecy is unchanged). An empty pool is
/// never waited for: the pair is then made on the loop, as before. Pools exist only for groups that have been
/// asked for, so an unused group costs nothing. The worker is woken when a pool falls to half its depth and then
/// fills it up, so it wakes once per `depth / 2` pairs taken rather than once per pair (issue 21: each wake is a
/// futex call and a context switch on both threads).
///
/// The engine stays single-threaded; only this source's own queue runs concurrently with it, and DH key objects are
/// immutable and safe to share between threads (``DHKeyPair``).
public final class PrecomputingRandom: RandomSource {
    /// How many pairs were taken ready-made and how many had to be made on the caller's thread.
    public struct Statistics: Sendable, Equatable {
        /// Pairs taken from the pool.
        public var ready: Int
        /// Pairs made on the caller's thread because the pool was empty.
        public var madeOnDemand: Int

        public init(ready: Int = 0, madeOnDemand: Int = 0) {
            self.ready = ready
            self.madeOnDemand = madeOnDemand
        }
    }

    private struct State {
        var pools: [DHGroup: [DHKeyPair]] = [:]
        var refilling: Set<DHGroup> = []
        var refillsStarted = 0
        var isStopped = false
        var statistics = Statistics()
    }

    private let system = SystemRandom()
    private let depth: Int
    /// A take that leaves this many pairs or fewer wakes the worker.
    private let lowWater: Int
    private let state = Mutex(State())
    private let worker = DispatchQueue(label: "raccoon.dh-precompute", qos: .utility)

    /// A source keeping up to `depth` pairs ready per group in use.
    public init(depth: Int = 16) {
        precondition(depth > 0, "a pool holds at least one pair")
        self.depth = depth
        lowWater = depth / 2
    }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        try system.fill(buffer)
    }

    public func makeKeyPair(_ group: DHGroup) throws(IKECryptoError) -> DHKeyPair {
        let (ready, startRefill) = state.withLock { state -> (DHKeyPair?, Bool) in
            let ready = state.pools[group]?.popLast()
            if ready == nil { state.statistics.madeOnDemand += 1 } else { state.statistics.ready += 1 }
            let start = !state.isStopped && state.pools[group, default: []].count <= lowWater
                && state.refilling.insert(group).inserted
            if start { state.refillsStarted += 1 }
            return (ready, start)
        }
        if startRefill { refill(group) }
        if let ready { return ready }
        return try DHKeyPair(group: group, random: system)
    }

    /// Stops refilling and waits for a key generation in progress to end. Call it before the process exits:
    /// `exit` runs OpenSSL's clean-up handlers, which free what a generation on the worker thread would still be
    /// using. Pairs asked for afterwards are made on the caller's thread.
    public func stop() {
        state.withLock { $0.isStopped = true }
        worker.sync {}
    }

    /// The counts so far (benchmarks, tests).
    public var statistics: Statistics { state.withLock { $0.statistics } }

    /// How many times the worker has been woken to refill a pool.
    public var refillsStarted: Int { state.withLock { $0.refillsStarted } }

    /// The pairs ready for `group` now.
    public func readyCount(_ group: DHGroup) -> Int { state.withLock { $0.pools[group]?.count ?? 0 } }

    /// Tops the pool of `group` up to `depth` on the worker queue, one pair at a time, so a taker never waits for
    /// more than one exponentiation's worth of lock.
    private func refill(_ group: DHGroup) {
        worker.async { [self] in
            while true {
                let pair = try? DHKeyPair(group: group, random: system)
                let more = state.withLock { state -> Bool in
                    if let pair, state.pools[group, default: []].count < depth { state.pools[group, default: []].append(pair) }
                    let full = pair == nil || state.isStopped || state.pools[group, default: []].count >= depth
                    if full { state.refilling.remove(group) }
                    return !full
                }
                if !more { return }
            }
        }
    }
}
