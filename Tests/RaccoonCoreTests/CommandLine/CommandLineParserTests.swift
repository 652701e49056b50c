import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon

@Suite struct CommandLineParserTests {
    private func parse(_ arguments: String...) throws(CommandLineError) -> CommandLineOptions {
        try CommandLineParser.parse(arguments)
    }

    @Test func defaults() throws {
        let options = try parse()
        #expect(options.action == .runDaemon)
        #expect(options.configurationPath == "/etc/racoon/racoon.conf")
        #expect(options.debugLevel == 0 && !options.foreground && options.logFile == nil)
        #expect(options.isakmpPort == nil && options.natTraversalPort == nil && options.addressFamily == nil)
    }

    @Test func repeatedAndCombinedDebugFlags() throws {
        #expect(try parse("-d").debugLevel == 1)
        #expect(try parse("-d", "-d").debugLevel == 2)
        #expect(try parse("-ddd").debugLevel == 3)
        let combined = try parse("-ddF")
        #expect(combined.debugLevel == 2 && combined.foreground)
        let mixed = try parse("-dF", "-d")
        #expect(mixed.debugLevel == 2 && mixed.foreground)
    }

    @Test func attachedAndSeparateArguments() throws {
        #expect(try parse("-ffile.conf").configurationPath == "file.conf")
        #expect(try parse("-f", "other.conf").configurationPath == "other.conf")
        #expect(try parse("-Ff", "x.conf").configurationPath == "x.conf")
        #expect(try parse("-dfx.conf").configurationPath == "x.conf")
        // As with getopt, the word after -f is its argument even when it starts with '-'.
        #expect(try parse("-f", "-d").configurationPath == "-d")
        #expect(try parse("-l", "/var/log/raccoon.log").logFile == "/var/log/raccoon.log")
        #expect(try parse("-K", "/run/raccoon-keys").wiresharkKeyDirectory == "/run/raccoon-keys")
        #expect(try parse("-dK/tmp/k").wiresharkKeyDirectory == "/tmp/k")
        #expect(try parse("-d").wiresharkKeyDirectory == nil)
        let ports = try parse("-p", "7000", "-P4501")
        #expect(ports.isakmpPort == 7000 && ports.natTraversalPort == 4501)
    }

    @Test func everyRacoonFlag() throws {
        let options = try parse("-L", "-v", "-Z", "-B", "-C", "-6")
        #expect(options.logLocations && options.verbose && options.localTestMode)
        #expect(options.restoreBackupSAs && options.dumpConfiguration && options.addressFamily == .inet6)
        #expect(try parse("-64").addressFamily == .inet)
        #expect(try parse("-4", "-6").addressFamily == .inet6)
    }

    @Test func actions() throws {
        #expect(try parse("-t", "-f", "x").action == .testConfiguration)
        #expect(try parse("-tf", "x").configurationPath == "x")
        #expect(try parse("-h").action == .printHelp)
        #expect(try parse("-V").action == .printVersion)
        // racoon prints the version as soon as it sees -V.
        #expect(try parse("-V", "-x").action == .printVersion)
    }

    @Test func kernelLongOption() throws {
        // Unset: racoon.conf's kernel_interface decides (auto unless it says otherwise).
        #expect(try parse("-F").kernel == .real(nil))
        #expect(try parse("--kernel=auto").kernel == .real(.automatic))
        #expect(try parse("--kernel=xfrm", "-F").kernel == .real(.xfrm))
        #expect(try parse("--kernel=memory").kernel == .memory(policyFile: nil))
        #expect(try parse("-F", "--kernel=memory=/tmp/spd.conf", "-d").kernel == .memory(policyFile: "/tmp/spd.conf"))
        #expect(try parse("--kernel=memory", "--kernel=pfkey").kernel == .real(.pfkey))
        #expect(try parse("--kernel=memory", "--help").action == .printHelp)
        #expect(throws: CommandLineError(.invalidLongOption("--kernel=disk"))) { try parse("--kernel=disk") }
        #expect(throws: CommandLineError(.invalidLongOption("--kernel=memory="))) { try parse("--kernel=memory=") }
    }

    @Test func doubleDashEndsFlags() throws {
        #expect(try parse("-d", "--").debugLevel == 1)
        #expect(throws: CommandLineError(.unexpectedArgument("extra"))) { try parse("--", "extra") }
    }

    @Test func errors() {
        #expect(throws: CommandLineError(.unknownOption("x"))) { try parse("-x") }
        #expect(throws: CommandLineError(.unknownOption("a"))) { try parse("-da") }
        #expect(throws: CommandLineError(.unknownOption("y"))) { try parse("-y") }
        #expect(throws: CommandLineError(.missingArgument("f"))) { try parse("-f") }
        #expect(throws: CommandLineError(.missingArgument("p"))) { try parse("-d", "-p") }
        #expect(throws: CommandLineError(.unexpectedArgument("racoon.conf"))) { try parse("racoon.conf") }
        #expect(throws: CommandLineError(.unexpectedArgument("-"))) { try parse("-") }
        #expect(throws: CommandLineError(.unexpectedArgument("x"))) { try parse("-F", "x") }
        #expect(throws: CommandLineError(.invalidArgument("p", "70000"))) { try parse("-p", "70000") }
        #expect(throws: CommandLineError(.invalidArgument("p", "0"))) { try parse("-p0") }
        #expect(throws: CommandLineError(.invalidArgument("P", "45x"))) { try parse("-P", "45x") }
        #expect(throws: CommandLineError(.invalidArgument("f", ""))) { try parse("-f", "") }
        #expect(throws: CommandLineError(.missingArgument("K"))) { try parse("-K") }
        #expect(throws: CommandLineError(.invalidArgument("K", ""))) { try parse("-K", "") }
    }

    @Test func errorTextFollowsGetopt() {
        #expect(CommandLineError(.unknownOption("x")).description == "invalid option -- 'x'")
        #expect(CommandLineError(.missingArgument("f")).description == "option requires an argument -- 'f'")
    }

    @Test func optionStringMatchesRacoonPlusRaccoonFlags() {
        #expect(CommandLineParser.optionString == "dLFp:P:f:l:vVZBC46" + "tK:h")
    }
}
