/// A `struct sockaddr` carried inside a PF_KEY extension. The family is host order, the port and address are
/// network order (`sockaddr_in`, `sockaddr_in6`).
public enum SADBSocketAddress: Hashable, Sendable, CustomStringConvertible {
    /// `sockaddr_in` (16 bytes).
    case ipv4(IPAddress, port: UInt16)
    /// `sockaddr_in6` (28 bytes).
    case ipv6(IPAddress, port: UInt16, flowInfo: UInt32, scopeID: UInt32)
    /// Any other family, kept as the raw bytes that follow the family field.
    case other(family: UInt16, bytes: [UInt8])

    /// A sockaddr for an address and port (flow info and scope id zero).
    public init(_ address: IPAddress, port: UInt16 = 0) {
        switch address.family {
        case .ipv4: self = .ipv4(address, port: port)
        case .ipv6: self = .ipv6(address, port: port, flowInfo: 0, scopeID: 0)
        }
    }

    /// The IP address, or nil for another family.
    public var address: IPAddress? {
        switch self {
        case .ipv4(let address, _), .ipv6(let address, _, _, _): address
        case .other: nil
        }
    }

    /// The port (0 = any), or 0 for another family.
    public var port: UInt16 {
        switch self {
        case .ipv4(_, let port), .ipv6(_, let port, _, _): port
        case .other: 0
        }
    }

    /// The same address with another port.
    public func withPort(_ port: UInt16) -> SADBSocketAddress {
        switch self {
        case .ipv4(let address, _): .ipv4(address, port: port)
        case .ipv6(let address, _, let flow, let scope): .ipv6(address, port: port, flowInfo: flow, scopeID: scope)
        case .other: self
        }
    }

    /// `addr` or `addr[port]` as racoon prints it.
    public var description: String {
        switch self {
        case .ipv4(let address, let port), .ipv6(let address, let port, _, _):
            port == 0 ? "\(address)" : "\(address)[\(port)]"
        case .other(let family, let bytes): "family \(family) (\(bytes.count + 2) bytes)"
        }
    }

    /// The encoded size in bytes (not padded).
    var encodedSize: Int {
        switch self {
        case .ipv4: SADBConstants.sockaddrIPv4Size
        case .ipv6: SADBConstants.sockaddrIPv6Size
        case .other(_, let bytes): 2 + bytes.count
        }
    }

    // MARK: - Reading

    /// Reads one sockaddr. For an unknown family, `otherLength` bytes (including the family) are taken, or
    /// everything left when it is nil.
    static func read(from reader: inout SADBReader, otherLength: Int? = nil) throws(SADBError) -> SADBSocketAddress {
        let family = try reader.readUInt16()
        switch family {
        case SADBConstants.familyIPv4:
            let port = try reader.readUInt16BigEndian()
            let address = IPAddress(.ipv4, field: Array(try reader.readBytes(4)))
            // sin_zero: must be zero to round-trip; checked by the message-level canonical comparison.
            try reader.skip(8)
            return .ipv4(address, port: port)
        case SADBConstants.familyIPv6:
            let port = try reader.readUInt16BigEndian()
            let flow = try reader.readUInt32BigEndian()
            let address = IPAddress(.ipv6, field: Array(try reader.readBytes(16)))
            let scope = try reader.readUInt32()
            return .ipv6(address, port: port, flowInfo: flow, scopeID: scope)
        default:
            let count = (otherLength.map { $0 - 2 }) ?? reader.remaining
            return .other(family: family, bytes: Array(try reader.readBytes(max(count, 0))))
        }
    }

    /// The size of the sockaddr that starts with `family`, or nil for an unknown family.
    static func size(ofFamily family: UInt16) -> Int? {
        switch family {
        case SADBConstants.familyIPv4: SADBConstants.sockaddrIPv4Size
        case SADBConstants.familyIPv6: SADBConstants.sockaddrIPv6Size
        default: nil
        }
    }

    // MARK: - Writing

    func write(into writer: inout SADBWriter) {
        switch self {
        case .ipv4(let address, let port):
            writer.write(SADBConstants.familyIPv4)
            writer.writeBigEndian(port)
            writer.write(bytes: address.bytes)
            writer.writeZeros(8)
        case .ipv6(let address, let port, let flow, let scope):
            writer.write(SADBConstants.familyIPv6)
            writer.writeBigEndian(port)
            writer.writeBigEndian(flow)
            writer.write(bytes: address.bytes)
            writer.write(scope)
        case .other(let family, let bytes):
            writer.write(family)
            writer.write(bytes: bytes)
        }
    }
}
