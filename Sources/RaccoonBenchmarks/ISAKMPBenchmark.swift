import ISAKMP

/// Parse-and-serialise throughput of the ISAKMP wire format for a typical Main Mode message 1 and Quick Mode
/// message 1 (issue 3; target: parsing an MM1 under 5 µs in release mode).
enum ISAKMPBenchmark: BenchmarkSuite {
    static let name = "isakmp"
    static let summary = "ISAKMP parse/serialise throughput (strongSwan MM1, racoon-style QM1)"

    /// strongSwan's MM1 from the lab capture fake-pair-3des (frame 1): SA with one 3DES/SHA1/MODP-1024/PSK
    /// transform and five vendor IDs, 176 bytes.
    static let mainMode1 = hexBytes(
        "a70927f9ee30b20d00000000000000000110020000000000000000b00d00003400000001000000010000002801010001"
            + "000000200101000080010005800200028004000280030001800b0001800c3de00d00000c09002689dfd6b7120d000014"
            + "afcad71368a1f1c96b8696fc775701000d0000184048b7d56ebce88525e7de7f00d6c2d3800000000d0000144a131c81"
            + "070358455c5728f20e95452f0000001490cb80913ebb696e086381b5ec427b1f")

    /// A representative decrypted Quick Mode message 1 as racoon sends it with PFS and a security label:
    /// HASH(1), SA (one ESP proposal, AES-128 and 3DES transforms, each with lifetime, mode, auth, group and
    /// SECCTX), Ni, KE (MODP-1024), IDci, IDcr.
    static let quickMode1Payloads: [Payload] = {
        let context = try! SecurityContext(context: "system_u:object_r:ipsec_spd_t:s0")
        func transform(_ number: UInt8, _ id: UInt8, keyLength: UInt64?) -> TransformPayload {
            var attributes: [DataAttribute] = [
                .integer(type: IPsecAttributeType.saLifeType.rawValue, 1),
                .integer(type: IPsecAttributeType.saLifeDuration.rawValue, 3600),
                .integer(type: IPsecAttributeType.encapsulationMode.rawValue, 2),
                .integer(type: IPsecAttributeType.authenticationAlgorithm.rawValue, 2),
                .integer(type: IPsecAttributeType.groupDescription.rawValue, 2),
            ]
            if let keyLength { attributes.append(.integer(type: IPsecAttributeType.keyLength.rawValue, keyLength)) }
            attributes.append(context.attribute())
            return TransformPayload(number: number, transformID: id, attributes: attributes)
        }
        let sa = SecurityAssociationPayload(proposals: [
            ProposalPayload(
                number: 1, protocolID: .esp, spi: [0x0c, 0x5a, 0x41, 0x7e],
                transforms: [
                    transform(1, TransformID.ESP.aes, keyLength: 128),
                    transform(2, TransformID.ESP.tripleDES, keyLength: nil),
                ])
        ])
        return [
            .hash(HashPayload(hashData: [UInt8](repeating: 0x48, count: 20))),
            .securityAssociation(sa),
            .nonce(NoncePayload(nonceData: [UInt8](repeating: 0x4e, count: 16))),
            .keyExchange(KeyExchangePayload(keyExchangeData: [UInt8](repeating: 0x4b, count: 128))),
            .identification(IdentificationPayload(data: .ipv4Address([10, 99, 0, 1]))),
            .identification(IdentificationPayload(data: .ipv4Address([10, 99, 0, 2]))),
        ]
    }()

    static func run() throws {
        let mm1 = mainMode1
        let qm1Body = PayloadChain(quickMode1Payloads).bytes + [UInt8](repeating: 0, count: 4)
        let qm1Header = ISAKMPHeader(
            initiatorCookie: Cookie(rawValue: 0xa709_27f9_ee30_b20d), responderCookie: Cookie(rawValue: 0x047a_5232),
            exchangeType: .quickMode, messageID: MessageID(rawValue: 0x33aa_f363))
        let qm1Message = ISAKMPMessage(header: qm1Header, payloads: quickMode1Payloads).serialized()
        let roundTrip = try ISAKMPMessage(parsing: mm1).serialized()
        precondition(roundTrip == mm1, "MM1 fixture does not round-trip")

        print("message              bytes   iterations      ns/op        ops/s")
        try measure("MM1 parse", bytes: mm1.count) { try ISAKMPMessage(parsing: mm1).payloads.count }
        let parsedMM1 = try ISAKMPMessage(parsing: mm1)
        try measure("MM1 serialise", bytes: mm1.count) { parsedMM1.serialized().count }
        try measure("MM1 build", bytes: mm1.count) {
            ISAKMPMessage(header: parsedMM1.header, payloads: parsedMM1.payloads).serialized().count
        }
        try measure("MM1 parse+serialise", bytes: mm1.count) { try ISAKMPMessage(parsing: mm1).serialized().count }
        try measure("QM1 parse body", bytes: qm1Body.count) {
            try PayloadChain.parse(qm1Body, first: .hash).payloads.count
        }
        try measure("QM1 parse message", bytes: qm1Message.count) {
            try ISAKMPMessage(parsing: qm1Message).payloads.count
        }
        try measure("QM1 build", bytes: qm1Message.count) {
            ISAKMPMessage(header: qm1Header, payloads: quickMode1Payloads).serialized().count
        }
        try measure("QM1 parse+serialise", bytes: qm1Message.count) {
            try ISAKMPMessage(parsing: qm1Message).serialized().count
        }
    }

    /// Runs `body` repeatedly for about half a second after a warm-up and prints the time per operation.
    static func measure(_ label: String, bytes: Int, _ body: () throws -> Int) throws {
        var sink = 0
        for _ in 0..<1_000 { sink &+= try body() }
        let clock = ContinuousClock()
        var iterations = 10_000
        while true {
            let start = clock.now
            for _ in 0..<iterations { sink &+= try body() }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if seconds >= 0.5 || iterations >= 100_000_000 {
                let nanoseconds = seconds * 1e9 / Double(iterations)
                let line =
                    label + String(repeating: " ", count: max(0, 20 - label.count))
                    + pad(bytes, 6) + pad(iterations, 13) + pad(nanoseconds, 11, decimals: 1)
                    + pad(1e9 / nanoseconds, 13, decimals: 0)
                print(line)
                break
            }
            iterations *= 2
        }
        if sink == Int.min { print("") }  // keeps the work observable
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func pad(_ value: Double, _ width: Int, decimals: Int) -> String {
        let scale = decimals == 0 ? 1.0 : 10.0
        let rounded = (value * scale).rounded() / scale
        let text = decimals == 0 ? String(Int(rounded)) : String(rounded)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }

    private static func hexBytes(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = string.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) ?? 0)
        }
        return bytes
    }
}
