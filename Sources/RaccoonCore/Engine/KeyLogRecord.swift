public import IKECrypto

/// Keys the engine has just derived, as one row of a Wireshark decryption table.
///
/// The engine emits one `EngineEffect.keysDerived` per ISAKMP SA (as soon as its keys exist) and per ESP SA; the daemon drops them unless the
/// administrator asked for the debugging key log (`raccoon -K dir`, docs/interop.md). The rows are Wireshark's
/// "UAT" text format, the one its preferences dialog writes (and strongSwan's save-keys plugin):
///
/// - `ikev1_decryption_table`: `<initiator cookie, 16 hex digits>,<phase-1 cipher key, hex>` (IKEv1 is decrypted
///   with the initiator cookie and the key of RFC 2409 Appendix B);
/// - `esp_sa`: `"IPv4","<src>","<dst>","0x<SPI>","<cipher>","0x<key>","<integrity>","0x<key>"`, one row per
///   direction.
public enum KeyLogRecord: Equatable, Sendable {
    /// An established ISAKMP SA.
    case isakmp(initiatorCookie: UInt64, encryptionKey: SecretBytes)
    /// One direction of an installed ESP SA.
    case esp(
        source: IPAddress, destination: IPAddress, spi: UInt32, encryption: ESPEncryption,
        encryptionKey: SecretBytes, authentication: ESPAuthentication, authenticationKey: SecretBytes)

    /// The file Wireshark reads this row from, in its profile directory.
    public var tableName: String {
        switch self {
        case .isakmp: return "ikev1_decryption_table"
        case .esp: return "esp_sa"
        }
    }

    /// The row, without a newline. It holds secrets: it is written to the key log and nowhere else.
    /// `sha256ICVBits` is the ICV the kernel gave HMAC-SHA-256: 96 over PF_KEY, 128 (RFC 4868) over XFRM.
    public func row(sha256ICVBits: Int = 96) -> String {
        switch self {
        case .isakmp(let cookie, let key):
            return Self.hex(cookie, digits: 16) + "," + Self.hex(key)
        case .esp(let source, let destination, let spi, let encryption, let encryptionKey, let authentication,
                  let authenticationKey):
            let fields = [
                source.isIPv4 ? "IPv4" : "IPv6", "\(source)", "\(destination)", "0x" + Self.hex(UInt64(spi), digits: 8),
                Self.wiresharkName(encryption), "0x" + Self.hex(encryptionKey),
                Self.wiresharkName(authentication, sha256ICVBits: sha256ICVBits), "0x" + Self.hex(authenticationKey),
            ]
            return fields.map { "\"\($0)\"" }.joined(separator: ",")
        }
    }

    /// Wireshark's names for ESP ciphers (`esp_encryption_type_vals` in its packet-ipsec.c).
    static func wiresharkName(_ encryption: ESPEncryption) -> String {
        switch encryption {
        case .tripleDES: return "TripleDES-CBC [RFC2451]"
        case .aes: return "AES-CBC [RFC3602]"
        }
    }

    /// Wireshark's names for ESP integrity algorithms (`esp_authentication_type_vals`). Linux's PF_KEY installs
    /// HMAC-SHA-256 with a 96-bit ICV, XFRM with RFC 4868's 128 (docs/kernel.md): the name must say which.
    static func wiresharkName(_ authentication: ESPAuthentication, sha256ICVBits: Int) -> String {
        switch authentication {
        case .hmacMD5: return "HMAC-MD5-96 [RFC2403]"
        case .hmacSHA1: return "HMAC-SHA-1-96 [RFC2404]"
        case .hmacSHA256:
            return sha256ICVBits == 128
                ? "HMAC-SHA-256-128 [RFC4868]" : "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]"
        }
    }

    private static func hex(_ value: UInt64, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    private static func hex(_ secret: SecretBytes) -> String {
        secret.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> String in
            bytes.map { hex(UInt64($0), digits: 2) }.joined()
        }
    }
}
