/// What phase 1's encryption (RFC 2409 Appendix A) and ESP's (RFC 2407 §4.4.4) have in common: 3DES-CBC with its
/// fixed 192-bit key, or AES-CBC with a 128, 192 or 256-bit key (RFC 3602). Only the codes and names differ.
public protocol CBCCipherChoice: Hashable, Sendable {
    /// 3DES-CBC.
    static var tripleDES: Self { get }
    /// AES-CBC with `keyBits`.
    static func aes(keyBits: Int) -> Self
    /// The AES key length; `nil` for 3DES.
    var aesKeyBits: Int? { get }
}

extension CBCCipherChoice {
    /// The key-length attribute to send: only for AES, whose key length varies (RFC 2409 Appendix A, RFC 2407 §4.5).
    public var keyLengthAttribute: UInt16? { aesKeyBits.map { UInt16($0) } }

    /// The cipher key length in bytes, as taken from SKEYID_e or KEYMAT.
    public var keyByteCount: Int { aesKeyBits.map { $0 / 8 } ?? 24 }

    /// The choice for an algorithm `code` (3DES's or AES's in the caller's numbering) and an optional key-length
    /// attribute, or `nil` if the code is neither or the length does not fit: 3DES takes no attribute or 192; AES
    /// takes 128, 192 or 256, and 128 when the attribute is absent (RFC 3602 §5, RFC 2409 Appendix A).
    init?<Code: BinaryInteger>(code: Code, tripleDES: Code, aes: Code, keyBits: UInt16?) {
        switch code {
        case tripleDES where keyBits == nil || keyBits == 192:
            self = .tripleDES
        case aes:
            let bits = Int(keyBits ?? 128)
            guard [128, 192, 256].contains(bits) else { return nil }
            self = .aes(keyBits: bits)
        default:
            return nil
        }
    }
}
