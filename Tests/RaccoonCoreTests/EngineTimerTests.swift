import Testing

@testable import RaccoonCore
import RaccoonTestSupport

@Suite("Engine timer bookkeeping")
struct EngineTimerTests {
    @Test func earlyAndStaleFiresAreHandled() {
        let pair = HostPair()
        pair.bed.network.interceptor = { _ in .drop }
        pair.pingFromA()
        pair.bed.run()
        let armed = pair.bed.scheduler.pending.first { $0.node == 0 && $0.timer.kind == .phase1Retransmit }
        guard let armed else {
            Issue.record("the initiator must arm its retransmission timer")
            return
        }
        // A fire before the deadline re-arms the timer instead of losing it.
        let early = pair.a.engine.handle(.timerFired(armed.timer), at: pair.bed.scheduler.now)
        #expect(early == [.armTimer(armed.timer, at: armed.deadline)])
        // A fire for a timer that is not armed does nothing.
        #expect(pair.a.engine.handle(.timerFired(TimerID(kind: .phase2Expire, owner: 999)), at: .seconds(5000)).isEmpty)
    }
}
