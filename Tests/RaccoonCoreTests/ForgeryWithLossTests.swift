import IKECrypto
import ISAKMP
import PFKeyListener
import RaccoonCore
import RaccoonTestSupport
import Testing

@Suite("Forgery while the answer is lost")
struct ForgeryWithLossTests {
    @Test func initiatorKeepsResendingAfterAForgedMM6() throws {
        let pair = HostPair()
        // MM6 (the sixth datagram) is lost; a forged encrypted message on the same cookies arrives instead.
        pair.bed.network.interceptor = { $0.index == 6 ? .drop : .deliver }
        pair.pingFromA()
        pair.bed.run()
        let mm5 = try ISAKMPMessage(parsing: pair.bed.network.transcript[4].datagram.bytes)
        var header = mm5.header
        header.flags = [.encryption]
        let forged = ISAKMPMessage(header: header, encryptedBody: Array(repeating: 0x33, count: 64), firstPayload: .identification)
        pair.bed.network.inject(Datagram(local: pair.b.endpoint, remote: pair.a.endpoint, bytes: forged.serialized()))
        pair.bed.advance(by: .seconds(30))
        pair.expectMirroredSAs()
    }
}
