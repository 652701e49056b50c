import PFKeyListener

/// Parse and serialise rates of the two PF_KEY messages on Raccoon's hot path: the kernel's ACQUIRE (a 4 KB
/// proposal of 56 combinations, as Linux 6.1 sends) and the UPDATE Raccoon sends (keys and a security context).
enum SADBBenchmark: BenchmarkSuite {
    static let name = "sadb"
    static let summary = "PF_KEY codec: parse/serialise an ACQUIRE with a 4 KB proposal and an UPDATE with keys + SEC_CTX"

    static func run() throws {
        let acquire = makeAcquire()
        let update = makeUpdate()
        print("message                          bytes  parse msg/s  parse MB/s  serialise msg/s  serialise MB/s")
        for (label, message) in [("ACQUIRE (56 combs + SEC_CTX)", acquire), ("UPDATE (keys + SEC_CTX)", update)] {
            let bytes = message.serialize()
            let iterations = 20_000
            var checksum = 0
            let parse = measure(iterations) {
                let result = try? SADBMessage.parse(bytes)
                checksum &+= result?.message.extensions.count ?? 0
            }
            let serialise = measure(iterations) { checksum &+= message.serialize().count }
            let parseRate = Double(iterations) / parse
            let serialiseRate = Double(iterations) / serialise
            let megabytes = Double(bytes.count) / 1_000_000
            print(
                pad(label, 32), pad("\(bytes.count)", 6), pad(format(parseRate), 12), pad(format(parseRate * megabytes), 11),
                pad(format(serialiseRate), 16), format(serialiseRate * megabytes), "(check \(checksum % 10))")
        }
    }

    private static func measure(_ iterations: Int, _ body: () -> Void) -> Double {
        for _ in 0..<min(iterations / 10, 1000) { body() }
        let clock = ContinuousClock()
        let elapsed = clock.measure { for _ in 0..<iterations { body() } }
        let (seconds, attoseconds) = elapsed.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return value >= 100 ? "\(Int(value.rounded()))" : "\(rounded)"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    static func makeAcquire() -> SADBMessage {
        let a = IPAddress("10.77.0.1")!
        let b = IPAddress("10.77.0.2")!
        let auth: [(SADBAuthenticationAlgorithm, UInt16)] = [
            (.null, 0), (.hmacMD5, 128), (.hmacSHA1, 160), (.hmacSHA256, 256), (.hmacSHA384, 384), (.hmacSHA512, 512),
            (.hmacRIPEMD160, 160),
        ]
        let enc: [(SADBEncryptionAlgorithm, ClosedRange<UInt16>)] = [
            (.null, 0...0), (.desCBC, 64...64), (.tripleDESCBC, 192...192), (.castCBC, 40...128), (.blowfishCBC, 40...448),
            (.aesCBC, 128...256), (.serpentCBC, 128...256), (.camelliaCBC, 128...256),
        ]
        let combinations = auth.flatMap { a in
            enc.map { e in
                SADBCombination(
                    authAlgorithm: a.0, encryptionAlgorithm: e.0, authKeyBits: a.1...a.1, encryptionKeyBits: e.1,
                    softAddTime: 72000, hardAddTime: 86400, softUseTime: 25200, hardUseTime: 28800)
            }
        }
        return SADBMessage(
            type: .acquire, saType: .esp, sequence: 1,
            extensions: [
                .sourceAddress(SADBAddress(host: a, upperLayerProtocol: 0)),
                .destinationAddress(SADBAddress(host: b, upperLayerProtocol: 0)),
                .policy(SADBPolicy(policyType: .ipsec, direction: .outbound, id: 1)),
                .proposal(SADBProposal(replayWindow: 32, combinations: combinations)),
                .securityContext(SADBSecurityContext(label: "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023")),
            ])
    }

    static func makeUpdate() -> SADBMessage {
        SADBRequestBuilder(pid: 4242).update(
            SAInstallation(
                saType: .esp, spi: 0x0bad_cafe, source: IPAddress("10.77.0.2")!, destination: IPAddress("10.77.0.1")!,
                mode: .transport, reqid: 0, authAlgorithm: .hmacSHA256, encryptionAlgorithm: .aesCBC,
                authKey: KeyBytes(Array(repeating: 0x11, count: 32)), encryptionKey: KeyBytes(Array(repeating: 0x22, count: 32)),
                lifetimeSeconds: 28800,
                securityContext: SADBSecurityContext(label: "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023")),
            sequence: 7)
    }
}
