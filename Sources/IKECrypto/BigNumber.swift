internal import COpenSSL

/// Owns one OpenSSL `BIGNUM` and clears it (`BN_clear_free`) on deinit.
final class BigNumber {
    let pointer: OpaquePointer

    /// Takes ownership of `pointer`.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    /// A zero-valued number. `secure` places it in OpenSSL's secure heap (if one is configured) and makes
    /// exponentiations with it constant-time.
    convenience init(secure: Bool = false) throws(IKECryptoError) {
        self.init(owning: try checkOpenSSL(secure ? BN_secure_new() : BN_new()))
        if secure { BN_set_flags(pointer, BN_FLG_CONSTTIME) }
    }

    /// The unsigned big-endian integer in `bytes`.
    convenience init(bigEndian bytes: UnsafeRawBufferPointer, secure: Bool = false) throws(IKECryptoError) {
        try self.init(secure: secure)
        precondition(bytes.count <= Int(Int32.max))
        let result = BN_bin2bn(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(bytes.count), pointer)
        _ = try checkOpenSSL(result)
    }

    /// A small integer.
    convenience init(word: UInt) throws(IKECryptoError) {
        try self.init()
        try checkOpenSSL(BN_set_word(pointer, word))
    }

    deinit { BN_clear_free(pointer) }

    /// The number of significant bits.
    var bitCount: Int { Int(BN_num_bits(pointer)) }

    /// Three-way comparison (`BN_cmp`): negative, zero or positive.
    func compare(_ other: BigNumber) -> Int32 { BN_cmp(pointer, other.pointer) }

    /// Writes the number big-endian, left-padded with zeros to exactly `buffer.count` bytes.
    func write(leftPaddedInto buffer: UnsafeMutableRawBufferPointer) throws(IKECryptoError) {
        precondition(buffer.count <= Int(Int32.max))
        let written = BN_bn2binpad(
            pointer, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(buffer.count))
        guard written == Int32(buffer.count) else { throw IKECryptoError.fromOpenSSL() }
    }
}

/// Owns one `BN_CTX` (scratch space for big-number arithmetic; not shareable between threads).
final class BigNumberContext {
    let pointer: OpaquePointer

    init() throws(IKECryptoError) { pointer = try checkOpenSSL(BN_CTX_secure_new()) }

    deinit { BN_CTX_free(pointer) }
}
