import Testing

@testable import SetKeyCore

@Suite struct OptionsTests {
    @Test func combinedLettersAsGetoptReadsThem() throws {
        let dp = try SetKeyOptions.parse(["-DP"])
        #expect(dp.mode == .dump && dp.policy)
        let fp = try SetKeyOptions.parse(["-FP"])
        #expect(fp.mode == .flush && fp.policy)
        let d = try SetKeyOptions.parse(["-D"])
        #expect(d.mode == .dump && !d.policy)
        let all = try SetKeyOptions.parse(["-DPalpv"])
        #expect(all.policy && all.all && all.loop && all.withPorts && all.verbose)
        let xx = try SetKeyOptions.parse(["-xx"])
        #expect(xx.mode == .monitor && xx.monitorLevel == 2)
        let x = try SetKeyOptions.parse(["-x", "-H"])
        #expect(x.monitorLevel == 1 && x.hexDump)
    }

    @Test func fileArgumentsInEveryForm() throws {
        #expect(try SetKeyOptions.parse(["-f", "/etc/ipsec-tools.conf"]).mode == .script(path: "/etc/ipsec-tools.conf"))
        #expect(try SetKeyOptions.parse(["-f/tmp/x"]).mode == .script(path: "/tmp/x"))
        let nf = try SetKeyOptions.parse(["-nf", "x.conf"])
        #expect(nf.notReally && nf.mode == .script(path: "x.conf"))
        #expect(try SetKeyOptions.parse(["-f", "-"]).mode == .script(path: "-"))
        let c = try SetKeyOptions.parse(["-c", "-n", "-k"])
        #expect(c.mode == .standardInput && c.notReally && !c.rfcMode)
        #expect(try SetKeyOptions.parse(["dump1.bin", "dump2.bin"]).mode == .printFiles(["dump1.bin", "dump2.bin"]))
    }

    @Test func lastModeWins() throws {
        #expect(try SetKeyOptions.parse(["-D", "-F"]).mode == .flush)
        #expect(try SetKeyOptions.parse(["-f", "a", "-c"]).mode == .standardInput)
    }

    @Test func helpAndVersion() throws {
        #expect(try SetKeyOptions.parse(["-h"]).mode == .help)
        #expect(try SetKeyOptions.parse(["-?"]).mode == .help)
        #expect(try SetKeyOptions.parse(["-V"]).mode == .version)
    }

    @Test(arguments: [[], ["-f"], ["-d"], ["-Z"], ["-v"], ["-P"]])
    func usageErrors(_ arguments: [String]) {
        #expect(throws: SetKeyUsageError.self) { try SetKeyOptions.parse(arguments) }
    }
}
