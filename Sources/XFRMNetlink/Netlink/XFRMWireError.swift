/// Why bytes from (or for) the XFRM netlink interface could not be decoded. Every length is checked; a message
/// that fails is logged and skipped, never trusted in part.
public enum XFRMWireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Fewer bytes than a `struct nlmsghdr` (16) at `offset` of the datagram.
    case headerTruncated(offset: Int)
    /// `nlmsg_len` smaller than the header or larger than what is left of the datagram.
    case invalidMessageLength(declared: Int, remaining: Int)
    /// A fixed structure (named) longer than the bytes that hold it.
    case structureTruncated(String, needed: Int, available: Int)
    /// An attribute header (`struct nlattr`) whose `nla_len` is below 4 or runs past the message.
    case invalidAttributeLength(type: UInt16, length: Int, remaining: Int)
    /// An attribute whose payload is too short for its structure.
    case attributeTooShort(XFRMAttributeType, length: Int, needed: Int)
    /// An address family other than AF_INET (2) and AF_INET6 (10).
    case unsupportedFamily(UInt16)
    /// A prefix length larger than the family's address.
    case invalidPrefixLength(UInt8, family: UInt16)
    /// An algorithm attribute whose key length (bits) does not fit the attribute.
    case algorithmKeyTooLong(bits: UInt32, available: Int)
    /// A security context whose length fields disagree with the attribute.
    case invalidSecurityContext(declared: Int, available: Int)
    /// `NLMSG_ERROR` carrying fewer than 4 bytes of error code.
    case errorMessageTruncated

    public var description: String {
        switch self {
        case .headerTruncated(let offset): "netlink header truncated at offset \(offset)"
        case .invalidMessageLength(let declared, let remaining):
            "nlmsg_len \(declared) is invalid with \(remaining) bytes left"
        case .structureTruncated(let name, let needed, let available):
            "\(name) needs \(needed) bytes, \(available) present"
        case .invalidAttributeLength(let type, let length, let remaining):
            "attribute \(type) has nla_len \(length) with \(remaining) bytes left"
        case .attributeTooShort(let type, let length, let needed):
            "\(type) attribute of \(length) bytes is shorter than its \(needed)-byte structure"
        case .unsupportedFamily(let family): "address family \(family) is neither AF_INET nor AF_INET6"
        case .invalidPrefixLength(let length, let family): "prefix length \(length) is too long for family \(family)"
        case .algorithmKeyTooLong(let bits, let available):
            "algorithm key of \(bits) bits does not fit in \(available) bytes"
        case .invalidSecurityContext(let declared, let available):
            "security context of \(declared) bytes does not fit in \(available) bytes"
        case .errorMessageTruncated: "NLMSG_ERROR without its error code"
        }
    }
}
