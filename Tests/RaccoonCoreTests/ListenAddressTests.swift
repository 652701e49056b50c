import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Listen addresses")
struct ListenAddressTests {
    @Test func acquireFromAnAddressWeDoNotListenOnIsRefused() {
        var configuration = HostPair.configuration(peer: HostPair.addressB)
        configuration.listenAddresses = [IPAddress("192.0.2.99")!]
        let pair = HostPair(a: configuration)
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.a.logged("not listening on 10.0.0.1"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.bed.network.transcript.isEmpty)
    }
}
