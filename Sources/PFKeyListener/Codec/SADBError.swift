/// Why a PF_KEY message could not be decoded. Input from the kernel is treated as hostile: every length is
/// checked against the message, and a bad one gives one of these cases rather than a trap.
public enum SADBError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the 16-byte `sadb_msg` header.
    case messageTooShort(length: Int)
    /// `sadb_msg_version` is not `PF_KEY_V2`.
    case unsupportedVersion(UInt8)
    /// `sadb_msg_len` × 8 does not equal the number of bytes received.
    case messageLengthMismatch(declared: Int, actual: Int)
    /// Fewer than 4 bytes remain where an extension header should start.
    case extensionHeaderTruncated(offset: Int)
    /// An extension declares a length of zero words (it would never advance).
    case zeroLengthExtension(type: UInt16)
    /// An extension's declared length runs past the end of the message.
    case extensionOverrunsMessage(type: UInt16, length: Int, remaining: Int)
    /// An extension is shorter than its fixed structure (or than a length inside it says).
    case extensionTruncated(type: UInt16)
    /// A fixed-size extension, or a list of fixed-size records, has a length it cannot have.
    case invalidExtensionLength(type: UInt16, length: Int)
    /// `sadb_key_bits` needs more bytes than the key extension holds.
    case keyLengthExceedsExtension(type: UInt16, bits: UInt16, available: Int)
    /// `sadb_x_ctx_len` is larger than the space left in the SEC_CTX extension.
    case securityContextLengthExceedsExtension(contextLength: Int, available: Int)
    /// A security context longer than the kernel can produce (4096 bytes).
    case securityContextTooLong(length: Int)
    /// `sadb_address_prefixlen` is larger than the address (32 or 128 bits).
    case invalidPrefixLength(type: UInt16, prefixLength: UInt8)
    /// An ipsecrequest inside X_POLICY has a length that is too short, not a multiple of 8 or past its parent.
    case invalidIPsecRequestLength(length: Int)
    /// X_KMADDRESS starts with a sockaddr of unknown family, so its two halves must be equal, and they are not.
    case unequalKMAddressHalves(local: Int, remote: Int)

    /// A readable name for logs.
    public var description: String {
        switch self {
        case .messageTooShort(let length):
            "PF_KEY message of \(length) bytes is shorter than the 16-byte sadb_msg header"
        case .unsupportedVersion(let version):
            "PF_KEY message has version \(version), expected 2"
        case .messageLengthMismatch(let declared, let actual):
            "PF_KEY message declares \(declared) bytes but \(actual) were received"
        case .extensionHeaderTruncated(let offset):
            "PF_KEY extension header at offset \(offset) is truncated"
        case .zeroLengthExtension(let type):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) has length zero"
        case .extensionOverrunsMessage(let type, let length, let remaining):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) declares \(length) bytes but only \(remaining) remain"
        case .extensionTruncated(let type):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) is truncated"
        case .invalidExtensionLength(let type, let length):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) has an invalid length of \(length) bytes"
        case .keyLengthExceedsExtension(let type, let bits, let available):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) declares a \(bits)-bit key but holds \(available) bytes"
        case .securityContextLengthExceedsExtension(let contextLength, let available):
            "PF_KEY X_SEC_CTX declares a \(contextLength)-byte context but holds \(available) bytes"
        case .securityContextTooLong(let length):
            "PF_KEY X_SEC_CTX of \(length) bytes exceeds the 4096-byte limit"
        case .invalidPrefixLength(let type, let prefixLength):
            "PF_KEY extension \(SADBExtensionType(rawValue: type)) has an invalid prefix length /\(prefixLength)"
        case .invalidIPsecRequestLength(let length):
            "PF_KEY X_POLICY ipsecrequest has an invalid length of \(length) bytes"
        case .unequalKMAddressHalves(let local, let remote):
            "PF_KEY X_KMADDRESS has a \(local)-byte local sockaddr of unknown family and a \(remote)-byte remote one"
        }
    }
}
