import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Hostile input to the engine")
struct HostileInputTests {
    @Test func duplicateAcquireForANegotiatingFlowIsDropped() throws {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run(until: { pair.bed.network.transcript.count >= 2 })
        let acquire = try #require(pair.a.kernelMessages.first { $0.type == .acquire })
        pair.bed.deliver(.kernel(acquire), to: pair.a)
        pair.bed.run()
        #expect(pair.a.logged("ignore the acquire because ph2 found"))
        pair.expectMirroredSAs()
        #expect(pair.a.engine.establishedPhase2Count == 1)
    }

    @Test(arguments: [
        [UInt8](), [0xff], [UInt8](repeating: 0, count: 28), [UInt8](repeating: 0xff, count: 100),
        Array(0..<200).map { UInt8(truncatingIfNeeded: $0 &* 37) },
    ])
    func malformedDatagramsAreDroppedWithoutHarm(bytes: [UInt8]) {
        let pair = HostPair()
        pair.bed.network.inject(Datagram(local: pair.a.endpoint, remote: pair.b.endpoint, bytes: bytes))
        pair.bed.run()
        #expect(pair.b.engine.negotiatingPhase1Count == 0 && pair.b.engine.armedTimerCount == 0)
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }

    @Test func truncatedPrefixesOfEveryMessageAreHarmless() {
        let clean = HostPair()
        clean.pingFromA()
        clean.bed.run()
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run()
        for transmission in clean.bed.network.transcript {
            let bytes = transmission.datagram.bytes
            for length in stride(from: 0, to: bytes.count, by: 7) {
                pair.bed.network.inject(
                    Datagram(local: transmission.datagram.local, remote: transmission.datagram.remote, bytes: Array(bytes.prefix(length))))
            }
        }
        pair.bed.run()
        pair.expectMirroredSAs()
        #expect(pair.a.engine.negotiatingPhase1Count == 0 && pair.b.engine.negotiatingPhase1Count == 0)
    }

    @Test func malformedKernelMessagesAreLoggedAndIgnored() {
        let pair = HostPair()
        pair.a.kernel.injectRawMessage([2, 7, 0, 3])
        pair.a.kernel.injectRawMessage([2, 17, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
        pair.bed.run()
        pair.pingFromA()
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
