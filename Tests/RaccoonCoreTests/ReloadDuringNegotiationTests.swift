import RaccoonCore
import RaccoonTestSupport
import Testing

/// A reload (SIGHUP, `reload-config`) while negotiations run: racoon keeps its SAs and running exchanges across
/// a reload; so does the engine.
@Suite("Reload during negotiation")
struct ReloadDuringNegotiationTests {
    @Test(arguments: [2, 4, 7])
    func reloadMidNegotiationCompletes(afterMessages: Int) {
        let pair = HostPair()
        pair.pingFromA()
        pair.bed.run(until: { pair.bed.network.transcript.count >= afterMessages })
        pair.bed.deliver(.reloadRequested(HostPair.configuration(peer: HostPair.addressA)), to: pair.b)
        pair.bed.deliver(.reloadRequested(HostPair.configuration(peer: HostPair.addressB)), to: pair.a)
        pair.bed.run()
        pair.expectMirroredSAs()
    }
}
