internal import PFKeyListener

extension ClientSelector {
    /// The PF_KEY upper-layer protocol: IKE's 0 ("any") is PF_KEY's 255.
    var sadbProtocol: UInt8 { upperLayerProtocol == 0 ? 255 : upperLayerProtocol }

    /// The engine's selector for one side of a PF_KEY selector.
    init(address: IPAddress, prefixLength: UInt8, port: UInt16, upperLayerProtocol: UInt8) {
        self.init(
            address: address, prefixLength: Int(prefixLength), upperLayerProtocol: upperLayerProtocol == 255 ? 0 : upperLayerProtocol,
            port: port)
    }
}

extension TrafficSelector {
    /// Whether this PF_KEY selector covers traffic from `source` to `destination` (exactly, or as a wider policy).
    func contains(selector source: ClientSelector, to destination: ClientSelector) -> Bool {
        guard self.source.family == source.address.family, self.destination.family == destination.address.family else {
            return false
        }
        return source.address.isWithin(self.source, prefixLength: Int(sourcePrefixLength))
            && Int(sourcePrefixLength) <= source.prefixLength
            && destination.address.isWithin(self.destination, prefixLength: Int(destinationPrefixLength))
            && Int(destinationPrefixLength) <= destination.prefixLength
            && (upperLayerProtocol == 255 || upperLayerProtocol == source.sadbProtocol)
            && (sourcePort == 0 || sourcePort == source.port)
            && (destinationPort == 0 || destinationPort == destination.port)
    }
}

extension ESPAuthentication {
    /// The PF_KEY algorithm number.
    var sadb: SADBAuthenticationAlgorithm {
        switch self {
        case .hmacMD5: return .hmacMD5
        case .hmacSHA1: return .hmacSHA1
        case .hmacSHA256: return .hmacSHA256
        }
    }
}

extension ESPEncryption {
    /// The PF_KEY algorithm number.
    var sadb: SADBEncryptionAlgorithm {
        switch self {
        case .tripleDES: return .tripleDESCBC
        case .aes: return .aesCBC
        }
    }
}

/// An errno as `ENOENT (2)` for log lines.
func errnoText(_ errno: UInt8) -> String {
    let names: [UInt8: String] = [
        1: "EPERM", 2: "ENOENT", 3: "ESRCH", 12: "ENOMEM", 13: "EACCES", 17: "EEXIST", 22: "EINVAL", 38: "ENOSYS",
        93: "EPROTONOSUPPORT", 95: "EOPNOTSUPP", 105: "ENOBUFS",
    ]
    return "\(names[errno] ?? "errno") (\(errno))"
}
