/// The few printf conversions setkey's output uses, spelled out so the output matches byte for byte.
enum CFormat {
    /// `%0Nx`.
    static func hex<T: BinaryInteger>(_ value: T, width: Int) -> String {
        let digits = String(value, radix: 16)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `%-Ns` (left-justified, padded with spaces).
    static func left(_ text: String, width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// `%Ns` / `%Nu` (right-justified).
    static func right(_ text: String, width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// libipsec's `ipsec_hexdump`: a space before every 4 bytes, a newline before every 32.
    static func hexdump(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count * 2 + bytes.count / 4 + 2)
        for (i, byte) in bytes.enumerated() {
            if i != 0 && i % 32 == 0 { out += "\n" }
            if i % 4 == 0 { out += " " }
            out += hex(byte, width: 2)
        }
        return out
    }

    /// `%s` of a C string stored in `bytes`: up to the first NUL.
    static func cString(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
