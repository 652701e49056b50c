@testable import RaccoonDaemon
import BenchmarkKernel
import Foundation
import PFKeyListener
import RaccoonTestSupport
import Testing

/// `raccoon --kernel=memory=FILE`: a setkey file loaded into an in-memory kernel through setkey's own messages.
@Suite("In-memory kernel loaded from a setkey file")
struct InMemoryKernelSetKeyTests {
    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spd-\(UUID().uuidString).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The SPD as the daemon's startup SPDDUMP sees it: one reply per policy.
    static func dumpedPolicies(_ kernel: any KernelChannel) throws -> [SADBMessage] {
        try kernel.send(bytes: SADBMessage(type: .spdDump, sequence: 9, pid: kernel.pid).serialize())
        var replies: [SADBMessage] = []
        while let bytes = try kernel.receiveBytes() { replies.append(try SADBMessage(parsing: bytes)) }
        return replies.filter { $0.type == .spdDump && $0.errno == 0 }
    }

    @Test func policiesAndSAsOfTheFileAreInstalled() throws {
        let path = try Self.file("""
            flush;
            spdflush;
            spdadd 10.0.0.2/32 10.0.0.1/32 any -P in ipsec esp/transport//require;
            spdadd 10.0.0.1/32 10.0.0.2/32 any -P out ipsec esp/transport//require;
            add 10.0.0.1 192.0.2.99 esp 0x999 -E aes-cbc 0x00112233445566778899aabbccddeeff;
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let kernel = InMemoryKernel()
        try SetKeyFileLoader.load(path, into: kernel)
        #expect(kernel.pendingMessageCount == 0)
        // in, out and the fwd policy Linux adds for an inbound tunnel/transport policy.
        #expect(try Self.dumpedPolicies(kernel).count == 3)
        #expect(kernel.installed.map(\.spi) == [0x999])
    }

    /// `raccoon --kernel=memory`'s kernel keeps no SA but answers the startup SPDDUMP with the file's policies,
    /// the last one with sequence 0 as Linux does; spddelete takes one out again.
    @Test func theFakeKernelDumpsTheLoadedPolicies() throws {
        let path = try Self.file("""
            spdflush;
            spdadd 10.232.0.0/16 10.231.0.2/32 any -P in ipsec esp/transport//require;
            spdadd 10.231.0.2/32 10.232.0.0/16 any -P out ipsec esp/transport//require;
            spdadd 10.9.0.0/16 10.231.0.2/32 any -P in ipsec esp/transport//require;
            spddelete 10.9.0.0/16 10.231.0.2/32 any -P in;
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let kernel = FakeKernel(pid: 4242)
        try SetKeyFileLoader.load(path, into: kernel)
        let dumped = try Self.dumpedPolicies(kernel)
        // setkey adds (and deletes) the fwd twin of an inbound policy, as ipsec-tools does on Linux.
        #expect(dumped.map(\.policy?.direction) == [.inbound, .forward, .outbound])
        #expect(dumped.map(\.sequence) == [2, 1, 0])
        #expect(dumped.allSatisfy { $0.pid == 4242 && ($0.policy?.id ?? 0) != 0 })
    }

    @Test func aSyntaxErrorNamesTheFileAndLine() throws {
        let path = try Self.file("spdadd 10.0.0.1 10.0.0.2 any -P out ipsec esp/transport//require;\nspdadd oops;\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: SetKeyFileLoader.LoadError.self) { try SetKeyFileLoader.load(path, into: InMemoryKernel()) }
        #expect(error?.description.contains("\(path):2") == true)
        #expect(throws: SetKeyFileLoader.LoadError.self) { try SetKeyFileLoader.load("/nonexistent/spd.conf", into: FakeKernel(pid: 1)) }
    }
}
