import Foundation
import PFKeyListener
import Testing

@testable import SetKeyCore

/// Replies recorded from Debian's 6.1 kernel in the qemu guest (scripts/vm/guest/setkey-kernel-test.sh, SELinux
/// permissive) after loading seed-policy-a.conf and seed-manual-sa.conf. The expected values come from
/// `ip xfrm state` / `ip xfrm policy` of the same run (the *.ip-xfrm-*.txt fixtures), not from this formatter.
@Suite struct RecordedDumpTests {
    @Test func sadDumpOfTheSeedSAs() throws {
        let messages = try MessageFilePrinter.split(Array(try fixture("dump-labeled.sadb")))
        #expect(messages.count == 2)
        #expect(messages.last?.sequence == 0)
        let text = MessageFilePrinter(formatter: utcFormatter(now: 1_800_000_000)).render(messages)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let xfrm = String(decoding: try fixture("dump-labeled.ip-xfrm-state.txt"), as: UTF8.self)
        // ip xfrm: "auth-trunc hmac(md5) 0x4950...4546 96", "enc cbc(des3_ede) 0x3036...3662"
        #expect(xfrm.contains("0x49505345544553543839414243444546"))
        #expect(lines.contains("\tA: hmac-md5  49505345 54455354 38394142 43444546"))
        #expect(xfrm.contains("0x303631383332323363323361323165386233366335363662"))
        #expect(lines.contains("\tE: 3des-cbc  30363138 33323233 63323361 32316538 62333663 35363662"))
        for spi in [(35590, "00008b06"), (12360, "00003048")] {
            #expect(xfrm.contains("spi 0x\(spi.1)"))
            #expect(lines.contains("\tesp mode=transport spi=\(spi.0)(0x\(spi.1)) reqid=0(0x00000000)"))
        }
        #expect(lines.contains("10.0.0.1 10.0.0.2 ") && lines.contains("10.0.0.2 10.0.0.1 "))
        #expect(lines.filter { $0 == "\tsecurity context: system_u:object_r:unlabeled_t:s0" }.count == 2)
        // The kernel counts one byte more than setkey sent (33 = 32 characters + NUL).
        #expect(lines.filter { $0 == "\tsecurity context length: 34" }.count == 2)
        #expect(lines.filter { $0.hasPrefix("\tseq=0x00000000 replay=0 flags=0x00000000 state=mature ") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("\tcreated: ") && $0.contains("\tcurrent: Jan 15 08:00:00 2027") }.count == 2)
        #expect(lines.filter { $0 == "\tcurrent: 0(bytes)\thard: 0(bytes)\tsoft: 0(bytes)" }.count == 2)
    }

    @Test func spdDumpOfTheSeedPolicies() throws {
        let messages = try MessageFilePrinter.split(Array(try fixture("spddump-labeled.sadb")))
        let xfrm = String(decoding: try fixture("spddump-labeled.ip-xfrm-policy.txt"), as: UTF8.self)
        #expect(messages.count == xfrm.components(separatedBy: "\nsrc ").count)
        let text = MessageFilePrinter(formatter: utcFormatter(now: 1_800_000_000)).render(messages)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0 == "10.0.0.2[any] 10.0.0.1[any] 255" }.count == 2)
        #expect(lines.filter { $0 == "10.0.0.1[any] 10.0.0.2[any] 255" }.count == 1)
        // ip xfrm: "dir out priority 2147483648" = 0x80000000 = "prio def".
        #expect(xfrm.contains("dir out priority 2147483648"))
        for direction in ["in", "out", "fwd"] {
            #expect(lines.contains("\t\(direction) prio def ipsec"))
        }
        #expect(lines.filter { $0 == "\tesp/transport//require" }.count == 3)
        #expect(lines.filter { $0 == "\tsecurity context: system_u:object_r:unlabeled_t:s0:c0" }.count == 3)
        #expect(lines.filter { $0 == "\tsecurity context doi: 1" }.count == 3)
        #expect(lines.filter { $0 == "\tsecurity context algorithm: 1" }.count == 3)
        #expect(lines.filter { $0 == "\tsecurity context length: 37" }.count == 3)
        #expect(lines.filter { $0 == "\tlifetime: 0(s) validtime: 0(s)" }.count == 3)
        #expect(lines.filter { $0.hasPrefix("\tspid=") }.count == 3)
        #expect(lines.filter { $0 == "\trefcnt=1" }.count == 3)
    }
}
