import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Listen addresses")
struct ListenAddressTests {
    @Test func acquireFromAnAddressWeDoNotListenOnIsRefused() {
        var configuration = HostPair.configuration(peer: HostPair.addressB)
        configuration.listen = [IPAddress("192.0.2.99")!: 500]
        let pair = HostPair(a: configuration)
        pair.pingFromA()
        pair.bed.run()
        #expect(pair.a.logged("not listening on 10.0.0.1"))
        #expect(pair.a.sentAcquireFailure)
        #expect(pair.bed.network.transcript.isEmpty)
    }

    /// A negotiation we start leaves from our socket's port: the `listen` line's, else `-p`'s (was always 500).
    @Test(arguments: [(nil, UInt16(7000), UInt16(7000)), (UInt16(4501), UInt16(500), UInt16(4501))])
    func initiatorLeavesFromOurIKEPort(listenPort: UInt16?, isakmpPort: UInt16, expected: UInt16) throws {
        var configuration = HostPair.configuration(peer: HostPair.addressB)
        configuration.isakmpPort = isakmpPort
        if let listenPort {
            configuration.listen = [HostPair.addressA: listenPort]
        }
        let pair = HostPair(a: configuration)
        pair.pingFromA()
        pair.bed.run()
        let first = try #require(pair.bed.network.transcript.first)
        #expect(first.datagram.local == Endpoint(address: HostPair.addressA, port: expected))
        // B answers to that port and the negotiation completes.
        #expect(pair.bed.network.transcript.filter { $0.datagram.local.address == HostPair.addressB }
            .allSatisfy { $0.datagram.remote.port == expected })
        pair.expectMirroredSAs()
    }
}
