import Testing
@testable import PFKeyListener

@Suite struct SADBCodecTests {
    @Test(arguments: Samples.extensions.map { $0.0 })
    func extensionRoundTrip(name: String) throws {
        let item = try #require(Samples.extensions.first { $0.0 == name }?.1)
        let message = SADBMessage(type: .get, saType: .esp, sequence: 1, pid: 2, extensions: [item])
        let bytes = message.serialize()
        #expect(bytes.count % 8 == 0)
        #expect(Int(bytes[4]) | Int(bytes[5]) << 8 == bytes.count / 8)
        let result = try SADBMessage.parse(bytes)
        #expect(result.message == message)
        if case .unknown = item {
            #expect(result.warnings == [.unknownExtension(type: 200, length: 8)])
        } else {
            #expect(result.warnings.isEmpty)
        }
        #expect(result.message.serialize() == bytes)
    }

    @Test(arguments: Samples.messages.map { $0.0 })
    func messageRoundTrip(name: String) throws {
        let message = try #require(Samples.messages.first { $0.0 == name }?.1)
        let bytes = message.serialize()
        let parsed = try SADBMessage(parsing: bytes)
        #expect(parsed == message)
        #expect(parsed.serialize() == bytes)
        #expect(SADBMessageType(rawValue: bytes[1]) == message.type)
    }

    @Test(arguments: Samples.messages.map { $0.0 })
    func everyStrictPrefixIsRejected(name: String) throws {
        let bytes = try #require(Samples.messages.first { $0.0 == name }?.1).serialize()
        for length in 0..<bytes.count {
            #expect(throws: SADBError.self) { try SADBMessage.parse(Array(bytes.prefix(length))) }
        }
    }

    @Test func messageTypeCodesMatchTheLinuxHeader() {
        // <linux/pfkeyv2.h>: SADB_GETSPI 1 … SADB_X_MIGRATE 24.
        let expected: [(SADBMessageType, UInt8)] = [
            (.getSPI, 1), (.update, 2), (.add, 3), (.delete, 4), (.get, 5), (.acquire, 6), (.register, 7), (.expire, 8),
            (.flush, 9), (.dump, 10), (.promisc, 11), (.pchange, 12), (.spdUpdate, 13), (.spdAdd, 14), (.spdDelete, 15),
            (.spdGet, 16), (.spdAcquire, 17), (.spdDump, 18), (.spdFlush, 19), (.spdSetIndex, 20), (.spdExpire, 21),
            (.spdDelete2, 22), (.natTraversalNewMapping, 23), (.migrate, 24),
        ]
        for (type, code) in expected {
            #expect(type.rawValue == code)
            #expect(SADBMessageType(rawValue: code) == type)
        }
        #expect(SADBMessageType(rawValue: 0) == .unknown(0))
        #expect(SADBMessageType(rawValue: 25) == .unknown(25))
        #expect(SADBExtensionType.securityContext.rawValue == 24)
        #expect(SADBExtensionType.policy.rawValue == 18)
        #expect(SADBExtensionType.kmAddress.rawValue == 25)
    }

    /// Bytes written by hand from the C structures, independent of the encoder.
    static let handWritten = Hex.bytes(
        """
        02 03 00 03 0e 00 00 00  05 00 00 00 39 30 00 00
        02 00 01 00 00 00 12 34  04 01 03 0c 00 00 00 00
        03 00 05 00 ff 20 00 00  02 00 01 f4 0a 4d 00 01  00 00 00 00 00 00 00 00
        02 00 13 00 01 00 00 00  00 00 00 00 07 00 00 00
        05 00 18 00 01 01 1e 00  73 79 73 74 65 6d 5f 75  3a 73 79 73 74 65 6d 5f  72 3a 6b 65 72 6e 65 6c
        5f 74 3a 73 30 00 00 00
        """)

    @Test func handWrittenLayout() throws {
        let message = try SADBMessage(parsing: Self.handWritten)
        #expect(message.type == SADBMessageType.add)
        #expect(message.saType == SADBSAType.esp)
        #expect(message.sequence == 5)
        #expect(message.pid == 12345)
        let sa = try #require(message.securityAssociation)
        #expect(sa.spi == 0x1234)
        #expect(sa.replayWindow == 4)
        #expect(sa.state == SADBSAState.mature)
        #expect(sa.authAlgorithm == SADBAuthenticationAlgorithm.hmacSHA1)
        #expect(sa.encryptionAlgorithm == SADBEncryptionAlgorithm.aesCBC)
        let source = try #require(message.sourceAddress)
        #expect(source.upperLayerProtocol == 255)
        #expect(source.prefixLength == 32)
        #expect(source.socketAddress == SADBSocketAddress.ipv4(IPAddress("10.77.0.1")!, port: 500))
        #expect(message.sa2 == SADBSA2(mode: .transport, reqid: 7))
        let context = try #require(message.securityContext)
        #expect(context.algorithm == 1 && context.doi == 1)
        #expect(context.context.count == 30)
        #expect(context.label == "system_u:system_r:kernel_t:s0")
        #expect(message.serialize() == Self.handWritten)
    }

    @Test func securityContextLayoutPutsAlgorithmBeforeDOI() {
        let bytes = SADBMessage(type: .add, extensions: [.securityContext(SADBSecurityContext(algorithm: 1, doi: 7, context: [0x61, 0]))]).serialize()
        #expect(Array(bytes[16...]) == [0x02, 0x00, 0x18, 0x00, 0x01, 0x07, 0x02, 0x00, 0x61, 0x00, 0, 0, 0, 0, 0, 0])
    }

    @Test func spiIsNetworkOrderAndPortsAreNetworkOrder() {
        let bytes = SADBMessage(type: .get, extensions: [
            .securityAssociation(SADBSecurityAssociation(spi: 0x0102_0304)),
            .natTraversalSourcePort(SADBNATTraversalPort(port: 4500)),
        ]).serialize()
        #expect(Array(bytes[20..<24]) == [1, 2, 3, 4])
        #expect(Array(bytes[36..<38]) == [0x11, 0x94])
    }

    @Test func keysNeverPrint() {
        let key = KeyBytes([1, 2, 3, 4])
        #expect(key.description == "<redacted 4 bytes>")
        #expect("\(SADBKey(key))" == "key (32 bits)")
        let message = SADBMessage(type: .add, extensions: [.authKey(SADBKey(key))])
        #expect(!"\(message)".contains("01"))
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("1, 2"))
        #expect(KeyBytes([1, 2, 3, 4]) == key)
        #expect(KeyBytes([1, 2, 3, 5]) != key)
        #expect(KeyBytes([1, 2, 3]) != key)
    }

    @Test func ipAddressHelpers() throws {
        let address = try #require(IPAddress("10.77.0.200"))
        #expect(address.description == "10.77.0.200")
        #expect(address.isWithin(IPAddress("10.77.0.0")!, prefixLength: 24))
        #expect(!address.isWithin(IPAddress("10.77.1.0")!, prefixLength: 24))
        #expect(address.isWithin(IPAddress("10.77.0.192")!, prefixLength: 27))
        #expect(!address.isWithin(IPAddress("2001:db8::")!, prefixLength: 0))
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
        #expect(IPAddress("224.0.0.5")?.isMulticast == true)
        #expect(IPAddress("ff02::1")?.isMulticast == true)
        #expect(IPAddress("not an address") == nil)
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
