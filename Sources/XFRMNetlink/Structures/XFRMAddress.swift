internal import PFKeyListener

/// `xfrm_address_t` (16 bytes, network order; an IPv4 address fills the first 4) and the address families.
enum XFRMAddress {
    static let size = 16
    /// `AF_INET`.
    static let inet: UInt16 = 2
    /// `AF_INET6`.
    static let inet6: UInt16 = 10

    static func family(of address: IPAddress) -> UInt16 { address.family == .ipv4 ? inet : inet6 }

    /// Reads 16 bytes as an address of `family`; nil for the unspecified family 0 and for an all-zero address
    /// (an unset field: a wildcard selector, a transport-mode template).
    static func read(_ reader: inout WireReader, family: UInt16) throws(XFRMWireError) -> IPAddress? {
        let raw = try reader.readBytes(size)
        if family != 0, raw.allSatisfy({ $0 == 0 }) {
            guard family == inet || family == inet6 else { throw .unsupportedFamily(family) }
            return nil
        }
        switch family {
        case inet: return IPAddress(bytes: Array(raw.prefix(4)))
        case inet6: return IPAddress(bytes: Array(raw))
        case 0: return nil
        default: throw .unsupportedFamily(family)
        }
    }

    /// Writes `address` padded to 16 bytes (zeros for nil).
    static func write(_ address: IPAddress?, into writer: inout WireWriter) {
        let bytes = address?.bytes ?? []
        writer.write(bytes: bytes)
        writer.writeZeros(size - bytes.count)
    }

    /// The family's address length in bits (a prefix may not exceed it).
    static func bitCount(_ family: UInt16) -> UInt8 { family == inet6 ? 128 : 32 }
}
