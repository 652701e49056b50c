/// Dotted-quad IPv4 text, as glibc's `inet_pton(AF_INET)` accepts it: four decimal octets, no leading zeros.
enum IPv4Text {
    static func parse(_ text: Substring) -> [UInt8]? {
        let utf8 = text.utf8
        guard utf8.count >= 7, utf8.count <= 15 else { return nil }
        var octets: [UInt8] = []
        octets.reserveCapacity(4)
        var value = 0
        var digits = 0
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits == 1 && value == 0 { return nil }  // a leading zero
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
                guard value <= 255 else { return nil }
            case UInt8(ascii: "."):
                guard digits > 0, octets.count < 3 else { return nil }
                octets.append(UInt8(value))
                value = 0
                digits = 0
            default:
                return nil
            }
        }
        guard digits > 0, octets.count == 3 else { return nil }
        octets.append(UInt8(value))
        return octets
    }
}
