import Glibc
import Testing

import IPAddressing

/// IPAddressing parses and prints addresses in pure Swift (the engine may not call libc); racoon used glibc's
/// inet_pton and getnameinfo/inet_ntop, and psk.txt is looked up by that text. These tests hold the pure-Swift
/// code to glibc's answers.
@Suite("IPAddress text against glibc")
struct IPAddressTextTests {
    static let inputs = [
        "10.0.0.2", "0.0.0.0", "255.255.255.255", "192.0.2.1", "1.2.3", "1.2.3.4.5", "256.0.0.1", "01.2.3.4",
        "1.2.3.04", "1..2.3", "a.b.c.d", " 1.2.3.4", "1.2.3.4 ", "", ".", "1.2.3.4.",
        "::", "::1", "::2", "1::", "2001:db8::1", "2001:DB8::1", "2001:db8:0:0:1:0:0:1", "2001:0db8:0000::0001",
        "fe80::", "fe80::1:2", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:0:0:2:0:0:0:3",
        "0:0:1:0:0:1:0:0", "::ffff:192.0.2.1", "::ffff:0:0", "::1.2.3.4", "::0.0.1.2", "64:ff9b::192.0.2.33",
        "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "::g", ":1::",
        "1:::2", ":::", "1:2:3:4:5:6:7:", "::ffff:1.2.3", "::ffff:01.2.3.4", "ff02::1", "fe80::1%eth0",
    ]

    @Test(arguments: inputs)
    func parsingAgreesWithInetPton(text: String) {
        let expected = glibcParse(text)
        #expect(IPAddress(text)?.bytes == expected, "\(text)")
    }

    @Test(arguments: inputs)
    func printingAgreesWithInetNtop(text: String) throws {
        guard let bytes = glibcParse(text) else { return }
        let address = try #require(IPAddress(bytes: bytes))
        #expect(address.description == glibcPrint(bytes), "\(text)")
        #expect(IPAddress(address.description) == address)
    }

    @Test func familiesPrefixesAndMulticast() throws {
        let v4 = try #require(IPAddress("10.1.2.3"))
        let v6 = try #require(IPAddress("2001:db8::1"))
        #expect(v4.family == .ipv4 && v4.bitWidth == 32 && v6.family == .ipv6 && v6.bitWidth == 128)
        #expect(v4.isWithin(IPAddress("10.0.0.0")!, prefixLength: 8))
        #expect(!v4.isWithin(IPAddress("10.0.0.0")!, prefixLength: 16))
        #expect(v4.isWithin(IPAddress("10.1.2.0")!, prefixLength: 31) == false)
        #expect(v4.isWithin(IPAddress("10.1.2.2")!, prefixLength: 31))
        #expect(!v4.isWithin(v6, prefixLength: 0))
        #expect(IPAddress("224.0.0.1")!.isMulticast && IPAddress("ff02::1")!.isMulticast && !v4.isMulticast)
        #expect(IPAddress.any(.ipv6).description == "::" && IPAddress.any(.ipv4).description == "0.0.0.0")
        #expect(IPAddress(.ipv4, field: [10, 1, 2, 3]) == v4)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }

    private func glibcParse(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    private func glibcPrint(_ bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
