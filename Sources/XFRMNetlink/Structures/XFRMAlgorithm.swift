public import PFKeyListener

/// `struct xfrm_algo` (XFRMA_ALG_CRYPT, XFRMA_ALG_COMP), `struct xfrm_algo_auth` (XFRMA_ALG_AUTH_TRUNC, with the
/// ICV truncation length) and `struct xfrm_algo_aead` (XFRMA_ALG_AEAD, with the ICV length): the kernel's crypto
/// name, the key length in bits, for the last two an ICV length in bits, then the key.
public struct XFRMAlgorithm: Equatable, Sendable, CustomStringConvertible {
    static let nameSize = 64

    /// The crypto API name, e.g. `cbc(aes)`, `hmac(sha256)`, `rfc4106(gcm(aes))`, `deflate`.
    public var name: String
    /// `alg_key_len`, in bits.
    public var keyBits: UInt32
    /// `alg_trunc_len` / `alg_icv_len` in bits; nil for a plain `struct xfrm_algo`.
    public var icvBits: UInt32?
    /// The key, in zero-on-free storage.
    public var key: KeyBytes

    public init(name: String, key: KeyBytes, icvBits: UInt32? = nil) {
        self.name = name
        keyBits = UInt32(key.count * 8)
        self.icvBits = icvBits
        self.key = key
    }

    /// Never the key.
    public var description: String {
        "\(name) (\(keyBits)-bit key\(icvBits.map { ", \($0)-bit ICV" } ?? ""))"
    }

    init(parsing payload: [UInt8], type: XFRMAttributeType, hasICVLength: Bool) throws(XFRMWireError) {
        let fixed = Self.nameSize + (hasICVLength ? 8 : 4)
        guard payload.count >= fixed else { throw .attributeTooShort(type, length: payload.count, needed: fixed) }
        var reader = WireReader(payload[...], structure: "\(type)")
        let nameBytes = try reader.readBytes(Self.nameSize)
        name = String(decoding: nameBytes.prefix { $0 != 0 }, as: UTF8.self)
        keyBits = try reader.readUInt32()
        icvBits = hasICVLength ? try reader.readUInt32() : nil
        let keyBytes = (Int(keyBits) + 7) / 8
        guard keyBytes <= reader.remaining else {
            throw .algorithmKeyTooLong(bits: keyBits, available: reader.remaining)
        }
        key = KeyBytes(try reader.readBytes(keyBytes))
    }

    /// The attribute payload. It holds the key: the caller zeroes the message after sending.
    func payload() -> [UInt8] {
        var writer = WireWriter(reservingCapacity: Self.nameSize + 8 + key.count)
        let nameBytes = Array(name.utf8.prefix(Self.nameSize - 1))
        writer.write(bytes: nameBytes)
        writer.writeZeros(Self.nameSize - nameBytes.count)
        writer.write(keyBits)
        if let icvBits { writer.write(icvBits) }
        key.withUnsafeBytes { writer.write(bytes: $0) }
        return writer.bytes
    }
}

/// `struct xfrm_user_sec_ctx` and the context: the SELinux label of a policy, an SA or an ACQUIRE's flow.
extension SADBSecurityContext {
    static let xfrmHeaderSize = 8

    /// Decodes an XFRMA_SEC_CTX payload. The kernel stores the length the sender gave (PF_KEY and XFRM alike),
    /// so the bytes are kept as they are, trailing NUL included when present.
    init(xfrmPayload payload: [UInt8]) throws(XFRMWireError) {
        guard payload.count >= Self.xfrmHeaderSize else {
            throw .attributeTooShort(.securityContext, length: payload.count, needed: Self.xfrmHeaderSize)
        }
        var reader = WireReader(payload[...], structure: "xfrm_user_sec_ctx")
        try reader.skip(4)  // len, exttype
        let algorithm = try reader.readUInt8()
        let doi = try reader.readUInt8()
        let length = Int(try reader.readUInt16())
        guard length <= reader.remaining, length <= SADBConstants.maximumSecurityContextLength else {
            throw .invalidSecurityContext(declared: length, available: reader.remaining)
        }
        self.init(algorithm: algorithm, doi: doi, context: Array(try reader.readBytes(length)))
    }

    /// The XFRMA_SEC_CTX payload.
    func xfrmPayload() -> [UInt8] {
        var writer = WireWriter(reservingCapacity: Self.xfrmHeaderSize + context.count)
        writer.write(UInt16(Self.xfrmHeaderSize + context.count))
        writer.write(XFRMAttributeType.securityContext.rawValue)
        writer.write(algorithm)
        writer.write(doi)
        writer.write(UInt16(context.count))
        writer.write(bytes: context)
        return writer.bytes
    }
}

/// `struct xfrm_encap_tmpl` (24 bytes): UDP encapsulation of ESP (RFC 3948).
public struct XFRMEncapsulation: Hashable, Sendable {
    static let size = 24

    /// `UDP_ENCAP_ESPINUDP` 2.
    public var type: UInt16
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    /// The original address before NAT.
    public var originalAddress: IPAddress?

    public init(type: UInt16, sourcePort: UInt16, destinationPort: UInt16, originalAddress: IPAddress?) {
        self.type = type
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.originalAddress = originalAddress
    }

    init(parsing payload: [UInt8], family: UInt16) throws(XFRMWireError) {
        guard payload.count >= Self.size else {
            throw .attributeTooShort(.encapsulation, length: payload.count, needed: Self.size)
        }
        var reader = WireReader(payload[...], structure: "xfrm_encap_tmpl")
        type = try reader.readUInt16()
        sourcePort = try reader.readUInt16BigEndian()
        destinationPort = try reader.readUInt16BigEndian()
        try reader.skip(2)
        originalAddress = try XFRMAddress.read(&reader, family: family)
    }

    func payload() -> [UInt8] {
        var writer = WireWriter(reservingCapacity: Self.size)
        writer.write(type)
        writer.writeBigEndian(sourcePort)
        writer.writeBigEndian(destinationPort)
        writer.writeZeros(2)
        XFRMAddress.write(originalAddress, into: &writer)
        return writer.bytes
    }
}
