internal import PFKeyListener

/// The IPsec security protocols Raccoon negotiates SAs for.
public enum IPsecProtocol: UInt8, Hashable, Sendable, CustomStringConvertible {
    /// AH (IPsec DOI protocol 2).
    case ah = 2
    /// ESP (IPsec DOI protocol 3).
    case esp = 3

    /// racoon's spelling.
    public var description: String { self == .esp ? "ESP" : "AH" }

    /// The SADB SA type.
    var saType: SADBSAType { self == .esp ? .esp : .ah }

    /// The protocol for an SADB SA type, if Raccoon negotiates it.
    init?(saType: SADBSAType) {
        switch saType {
        case .esp: self = .esp
        case .ah: self = .ah
        default: return nil
        }
    }
}

/// racoon's SPI spelling in log lines: `spi=12345(0x3039)`.
func spiText(_ spi: UInt32) -> String {
    let hex = String(spi, radix: 16)
    return "\(spi)(0x\(String(repeating: "0", count: max(0, 8 - hex.count)) + hex))"
}
