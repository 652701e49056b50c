import Testing

@testable import SetKeyCore

/// The system protocol database: getprotobyname_r/getprotobynumber_r through one scratch-buffer helper.
@Suite struct ProtocolDatabaseTests {
    @Test func namesAndNumbersResolveBothWays() {
        let system = ProtocolDatabase.system
        #expect(system.number(named: "tcp") == 6)
        #expect(system.number(named: "icmp6") == 58)
        #expect(system.number(named: "no-such-protocol") == nil)
        // Without /etc/protocols (no netbase) libc knows no names; with it, each name reads back as its number.
        for number: UInt8 in [1, 6, 17, 50] {
            if let name = system.name(of: number) {
                #expect(system.number(named: name) == number, "\(name)")
            }
        }
    }
}
