public import IKECrypto
/// A phase-1 (ISAKMP SA) encryption algorithm with its key length, as negotiated (RFC 2409 Appendix A).
public enum Phase1Encryption: CBCCipherChoice, CustomStringConvertible {
    /// 3DES-CBC (OAKLEY value 5), 192-bit key.
    case tripleDES
    /// AES-CBC (OAKLEY value 7) with a 128, 192 or 256-bit key (RFC 3602).
    case aes(keyBits: Int)

    /// The OAKLEY encryption-algorithm attribute value.
    public var attributeValue: UInt16 {
        switch self {
        case .tripleDES: return 5
        case .aes: return 7
        }
    }

    /// The AES key length; `nil` for 3DES.
    public var aesKeyBits: Int? {
        if case .aes(let bits) = self { return bits }
        return nil
    }

    /// The cipher block size in bytes.
    public var blockSize: Int { aesKeyBits == nil ? 8 : 16 }

    /// The algorithm for an OAKLEY value and optional key length, or `nil` if unsupported.
    public init?(attributeValue: UInt16, keyBits: UInt16?) {
        self.init(code: attributeValue, tripleDES: 5, aes: 7, keyBits: keyBits)
    }

    /// racoon's name for the algorithm in log lines.
    public var description: String {
        switch self {
        case .tripleDES: return "3DES-CBC"
        case .aes(let bits): return "AES-CBC-\(bits)"
        }
    }
}

/// A phase-1 hash algorithm; it also selects the PRF (HMAC with this hash; RFC 2409 §5).
public enum Phase1Hash: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// MD5 (OAKLEY value 1).
    case md5 = 1
    /// SHA-1 (OAKLEY value 2).
    case sha1 = 2
    /// SHA2-256 (OAKLEY value 4).
    case sha256 = 4

    /// racoon's name for the algorithm in log lines.
    public var description: String {
        switch self {
        case .md5: return "MD5"
        case .sha1: return "SHA"
        case .sha256: return "SHA256"
        }
    }
}

/// A MODP Diffie-Hellman group: IKECrypto's `DHGroup`, which has every group racoon knows (1, 2, 5, 14–18).
public typealias DiffieHellmanGroupID = DHGroup

extension DHGroup {
    /// The size of a public value on the wire, in bytes (RFC 2409 §5: g^x is padded to the prime's length).
    public var publicValueSize: Int { byteCount }
}

/// A phase-1 authentication method. Raccoon implements pre-shared keys only.
public enum Phase1AuthenticationMethod: UInt16, Hashable, Sendable {
    /// Pre-shared key (OAKLEY value 1).
    case preSharedKey = 1
}

/// An ESP transform's encryption algorithm (RFC 2407 §4.4.4).
public enum ESPEncryption: CBCCipherChoice, CustomStringConvertible {
    /// ESP_3DES (transform ID 3).
    case tripleDES
    /// ESP_AES (transform ID 12) with a 128, 192 or 256-bit key.
    case aes(keyBits: Int)

    /// The ESP transform ID.
    public var transformID: UInt8 {
        switch self {
        case .tripleDES: return 3
        case .aes: return 12
        }
    }

    /// The AES key length; `nil` for 3DES.
    public var aesKeyBits: Int? {
        if case .aes(let bits) = self { return bits }
        return nil
    }

    /// The algorithm for a transform ID and optional key length, or `nil` if unsupported.
    public init?(transformID: UInt8, keyBits: UInt16?) {
        self.init(code: transformID, tripleDES: 3, aes: 12, keyBits: keyBits)
    }

    /// The name in log lines.
    public var description: String {
        switch self {
        case .tripleDES: return "3DES"
        case .aes(let bits): return "AES\(bits)"
        }
    }
}

/// An ESP authentication algorithm (RFC 2407 §4.5 attribute 5).
public enum ESPAuthentication: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// HMAC-MD5-96.
    case hmacMD5 = 1
    /// HMAC-SHA1-96.
    case hmacSHA1 = 2
    /// HMAC-SHA2-256-128 (RFC 4868).
    case hmacSHA256 = 5

    /// The key length in bytes taken from KEYMAT.
    public var keyByteCount: Int {
        switch self {
        case .hmacMD5: return 16
        case .hmacSHA1: return 20
        case .hmacSHA256: return 32
        }
    }

    /// The name in log lines.
    public var description: String {
        switch self {
        case .hmacMD5: return "HMAC-MD5"
        case .hmacSHA1: return "HMAC-SHA1"
        case .hmacSHA256: return "HMAC-SHA256"
        }
    }
}
