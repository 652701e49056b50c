import Testing
@testable import PFKeyListener

/// The fixed-layout reader and writer PF_KEY's codec and XFRMNetlink's share.
@Suite struct FixedLayoutTests {
    /// A subject that reports what was asked and what was left.
    struct Probe: FixedLayoutSubject {
        struct Truncated: Error, Equatable {
            var needed: Int
            var available: Int
        }

        func truncated(needed: Int, available: Int) -> Truncated { Truncated(needed: needed, available: available) }
    }

    @Test func writtenFieldsReadBackInHostAndNetworkOrder() throws {
        var writer = FixedLayoutWriter()
        writer.write(UInt8(0x01))
        writer.write(UInt16(0x0302))
        writer.write(UInt32(0x0706_0504))
        writer.write(UInt64(0x0f0e_0d0c_0b0a_0908))
        writer.writeBigEndian(UInt16(0x1011))
        writer.writeBigEndian(UInt32(0x1213_1415))
        writer.write(Int32(-2))
        #expect(writer.bytes == [
            0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0xfe, 0xff, 0xff, 0xff,
        ])
        var reader = FixedLayoutReader(writer.bytes[...], subject: Probe())
        #expect(try reader.readUInt8() == 0x01)
        #expect(try reader.readUInt16() == 0x0302)
        #expect(try reader.readUInt32() == 0x0706_0504)
        #expect(try reader.readUInt64() == 0x0f0e_0d0c_0b0a_0908)
        #expect(try reader.readUInt16BigEndian() == 0x1011)
        #expect(try reader.readUInt32BigEndian() == 0x1213_1415)
        #expect(try reader.readInt32() == -2)
        #expect(reader.remaining == 0)
    }

    @Test func readsPastTheEndThrowTheSubjectsErrorAndConsumeNothing() throws {
        let bytes: [UInt8] = [1, 2, 3, 4, 5, 6]
        var reader = FixedLayoutReader(bytes[1..<5], subject: Probe())
        try reader.skip(1)
        #expect(throws: Probe.Truncated(needed: 4, available: 3)) { _ = try reader.readUInt32() }
        #expect(throws: Probe.Truncated(needed: -1, available: 3)) { _ = try reader.readBytes(-1) }
        #expect(reader.remaining == 3)
        var inner = try reader.subReader(2)
        #expect(Array(inner.peekRemaining()) == [3, 4])
        #expect(try inner.readUInt16() == 0x0403)
        #expect(throws: Probe.Truncated(needed: 1, available: 0)) { _ = try inner.readUInt8() }
        #expect(Array(try reader.readBytes(1)) == [5])
    }

    @Test func alignmentPatchingAndWiping() {
        var writer = FixedLayoutWriter()
        writer.write(UInt16(0))
        writer.write(bytes: [9, 9, 9])
        writer.align(to: 8)
        #expect(writer.count == 8)
        writer.align(to: 8)
        writer.writeZeros(-1)
        #expect(writer.count == 8)
        writer.patch(UInt16(0xbbaa), at: 0)
        writer.patch(UInt32(0x0403_0201), at: 4)
        #expect(writer.bytes == [0xaa, 0xbb, 9, 9, 1, 2, 3, 4])
        writer.wipe()
        #expect(writer.bytes.isEmpty)
    }

    @Test func sadbReadersNameTheirExtension() throws {
        var reader = SADBReader([0, 0, 0], range: 1..<3, extensionType: SADBExtensionType.keyAuth.rawValue)
        #expect(reader.extensionType == 8)
        #expect(throws: SADBError.extensionTruncated(type: 8)) { _ = try reader.readUInt32() }
    }
}
