public import RaccoonCore

/// Spoofed Main Mode first messages (the CVE-2008-3652 class), shared by the flood tests and `raccoon-bench flood`.
public enum SpoofedFlood {
    /// `count` copies of the MM1 `template`, each with a random nonzero CKY-I (bytes 0-7 of the ISAKMP header,
    /// RFC 2408 §3.1) from a random 172.16/12 address and port, addressed to `responder`.
    public static func mainModeFirstMessages(
        count: Int, template: [UInt8], to responder: Endpoint, seed: UInt64
    ) -> [Datagram] {
        var mix = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            var bytes = template
            let cookie = mix.next() | 1
            for index in 0..<8 { bytes[index] = UInt8(truncatingIfNeeded: cookie >> (56 - 8 * UInt64(index))) }
            let host = UInt32.random(in: 0..<(1 << 20), using: &mix)
            let source = IPAddress(bytes: [
                172, UInt8(16 | (host >> 16)), UInt8(truncatingIfNeeded: host >> 8), UInt8(truncatingIfNeeded: host),
            ])!
            let port = UInt16.random(in: 1024...65535, using: &mix)
            return Datagram(local: responder, remote: Endpoint(address: source, port: port), bytes: bytes)
        }
    }
}
