@testable import RaccoonDaemon
import Foundation
import IKECrypto
import RaccoonCore
import Testing

@Suite("Precomputed Diffie-Hellman key pairs")
struct PrecomputingRandomTests {
    /// Waits (up to 20 s) until `condition` holds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while !condition() {
            if Date() > deadline { return false }
            usleep(2_000)
        }
        return true
    }

    @Test("the pool fills on another thread after the first request, and pairs come ready-made from then on")
    func poolFillsAndServes() throws {
        let random = PrecomputingRandom(depth: 4)
        #expect(random.readyCount(.modp1024) == 0)
        _ = try random.makeKeyPair(.modp1024)
        #expect(random.statistics == .init(ready: 0, madeOnDemand: 1))
        #expect(eventually { random.readyCount(.modp1024) == 4 })
        for _ in 0..<4 { _ = try random.makeKeyPair(.modp1024) }
        #expect(random.statistics == .init(ready: 4, madeOnDemand: 1))
        // Taking refills again; only the group in use has a pool.
        #expect(eventually { random.readyCount(.modp1024) == 4 })
        #expect(random.readyCount(.modp2048) == 0)
    }

    @Test("the worker wakes when the pool is down to half its depth, not for every pair taken")
    func refillStartsAtLowWater() throws {
        let random = PrecomputingRandom(depth: 8)
        _ = try random.makeKeyPair(.modp1024)
        #expect(random.refillsStarted == 1)
        #expect(eventually { random.readyCount(.modp1024) == 8 })
        for _ in 0..<3 { _ = try random.makeKeyPair(.modp1024) }
        #expect(random.readyCount(.modp1024) == 5, "no refill above half the depth")
        #expect(random.refillsStarted == 1)
        _ = try random.makeKeyPair(.modp1024)
        #expect(random.refillsStarted == 2, "the take that leaves 4 of 8 wakes the worker")
        #expect(eventually { random.readyCount(.modp1024) == 8 })
        #expect(random.statistics == .init(ready: 4, madeOnDemand: 1))
    }

    @Test("every pair is distinct, valid and agrees with a peer on the shared secret")
    func pairsAreFreshAndWork() throws {
        let random = PrecomputingRandom(depth: 8)
        var seen = Set<[UInt8]>()
        for round in 0..<40 {
            let mine = try random.makeKeyPair(.modp1024)
            let peer = try SystemRandom().makeKeyPair(.modp1024)
            try DHKeyPair.validatePeerPublicValue(mine.publicValue, group: .modp1024)
            #expect(seen.insert(mine.publicValue).inserted, "pair \(round) was handed out before")
            let ours = try mine.sharedSecret(peerPublicValue: peer.publicValue)
            let theirs = try peer.sharedSecret(peerPublicValue: mine.publicValue)
            #expect(ours == theirs)
            if round % 8 == 0 { usleep(20_000) }  // let the pool catch up now and then
        }
        #expect(random.statistics.ready > 0)
        #expect(random.statistics.ready + random.statistics.madeOnDemand == 40)
    }

    @Test("after stop nothing is generated in the background any more, and pairs are still made on demand")
    func stopEndsBackgroundWork() throws {
        let random = PrecomputingRandom(depth: 64)
        _ = try random.makeKeyPair(.modp1024)
        random.stop()
        let ready = random.readyCount(.modp1024)
        usleep(100_000)
        #expect(random.readyCount(.modp1024) == ready, "no refill after stop")
        for _ in 0..<ready { _ = try random.makeKeyPair(.modp1024) }
        _ = try random.makeKeyPair(.modp1024)
        #expect(random.readyCount(.modp1024) == 0)
        #expect(random.statistics.madeOnDemand == 2)
    }
}
