import RaccoonCore
import Testing

@Suite("Timer queue")
struct TimerQueueTests {
    @Test("due timers come out earliest first, ties in arming order, and nothing before its deadline")
    func order() {
        var queue = TimerQueue<String>()
        queue.arm("c", at: .seconds(30))
        queue.arm("a", at: .seconds(10))
        queue.arm("b", at: .seconds(10))
        queue.arm("d", at: .seconds(40))
        #expect(queue.popDue(notAfter: .seconds(9)) == nil)
        var fired: [String] = []
        while let due = queue.popDue(notAfter: .seconds(35)) { fired.append(due.key) }
        #expect(fired == ["a", "b", "c"])
        #expect(queue.count == 1)
        #expect(queue.earliest()?.key == "d")
    }

    @Test("a disarmed timer never fires and a re-armed one fires once, at its new deadline")
    func disarmAndRearm() {
        var queue = TimerQueue<String>()
        queue.arm("gone", at: .seconds(5))
        queue.arm("moved", at: .seconds(6))
        queue.arm("moved", at: .seconds(50))
        queue.disarm("gone")
        queue.disarm("never armed")
        #expect(!queue.isArmed("gone"))
        #expect(queue.earliest()?.key == "moved")
        #expect(queue.earliest()?.deadline == .seconds(50))
        #expect(queue.popDue(notAfter: .seconds(49)) == nil)
        #expect(queue.popDue(notAfter: .seconds(50))?.key == "moved")
        #expect(queue.popDue(notAfter: .seconds(1000)) == nil)
        #expect(queue.isEmpty)
    }

    @Test("matches a sorted reference under random arms and disarms, and stale entries do not accumulate")
    func randomAgainstReference() {
        var queue = TimerQueue<Int>()
        var reference: [Int: (deadline: UInt64, order: Int)] = [:]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        var order = 0
        var now: UInt64 = 0
        for step in 0..<20_000 {
            let key = Int(next() % 500)
            switch next() % 4 {
            case 0, 1:
                let deadline = now + next() % 1000
                order += 1
                queue.arm(key, at: MonotonicInstant(nanoseconds: deadline))
                reference[key] = (deadline, order)
            case 2:
                queue.disarm(key)
                reference[key] = nil
            default:
                now += next() % 50
                let expected = reference.filter { $0.value.deadline <= now }
                    .sorted { ($0.value.deadline, $0.value.order) < ($1.value.deadline, $1.value.order) }
                    .map(\.key)
                var fired: [Int] = []
                while let due = queue.popDue(notAfter: MonotonicInstant(nanoseconds: now)) { fired.append(due.key) }
                for key in fired { reference[key] = nil }
                #expect(fired == expected, "step \(step)")
            }
            #expect(queue.count == reference.count)
            #expect(queue.storedEntryCount <= max(64, 2 * queue.count) + 1)
        }
        #expect(queue.pending.map(\.key) == reference.sorted {
            ($0.value.deadline, $0.value.order) < ($1.value.deadline, $1.value.order)
        }.map(\.key))
    }
}
