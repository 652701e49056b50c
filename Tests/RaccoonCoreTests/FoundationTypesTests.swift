import Testing

@testable import RaccoonCore
import RaccoonTestSupport

@Suite("addresses, instants and bounds")
struct FoundationTypesTests {
    @Test(arguments: [
        ("10.0.0.2", "10.0.0.2"), ("2001:db8::1", "2001:db8::1"), ("::", "::"), ("::1", "::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("fe80::", "fe80::"), ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
    ])
    func addressRoundTrip(text: String, printed: String) throws {
        let address = try #require(IPAddress(text))
        #expect(address.description == printed)
        #expect(IPAddress(bytes: address.bytes) == address)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "a.b.c.d", "::g"])
    func malformedAddressesAreRejected(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func instantsSaturate() {
        let t = MonotonicInstant.seconds(10)
        #expect(t + .seconds(5) == .seconds(15))
        #expect(t.advanced(by: .seconds(-20)) == .zero)
        #expect(MonotonicInstant(nanoseconds: .max - 1) + .seconds(1) == MonotonicInstant(nanoseconds: .max))
        #expect(MonotonicInstant.seconds(15).duration(since: t) == .seconds(5))
        #expect(t.description == "t+10.000s")
    }

    @Test func halfOpenLimiterBoundsOverallAndPerPeer() {
        var limiter = HalfOpenLimiter(overallLimit: 3, perPeerLimit: 2)
        let a = IPAddress("10.0.0.1")!
        let b = IPAddress("10.0.0.2")!
        #expect(limiter.reserve(for: a) == nil)
        #expect(limiter.reserve(for: a) == nil)
        let perPeer = limiter.reserve(for: a)
        #expect(perPeer?.description.contains("with 10.0.0.1") == true && perPeer?.kind == .halfOpenPerPeer)
        #expect(limiter.reserve(for: b) == nil)
        let refusal = limiter.reserve(for: b)
        #expect(refusal?.description.contains("limit 3") == true && refusal?.kind == .halfOpenTableFull)
        limiter.release(for: a)
        #expect(limiter.halfOpenCount == 2)
        #expect(limiter.reserve(for: b) == nil)
        limiter.release(for: a)
        limiter.release(for: b)
        limiter.release(for: b)
        #expect(limiter.halfOpenCount == 0)
        #expect(limiter.halfOpenCount(for: b) == 0)
    }
}
