/// A vendor ID this module recognises (inventory §6.1, §6.7–§6.9).
///
/// Recognition compares whole payloads, never reads past the data, and treats a payload whose length does not fit
/// the known value as unrecognised (fork #38, #39: short VIDs caused out-of-bounds reads in racoon).
public enum KnownVendorID: Hashable, Sendable {
    /// RFC 3706 DPD: `AFCAD71368A1F1C96B8696FC77570100` (a hash plus version 1.0).
    case deadPeerDetection
    /// RFC 3947 NAT-T: MD5("RFC 3947").
    case natTraversalRFC3947
    /// A NAT-T draft: MD5("draft-ietf-ipsec-nat-t-ike-0N"); `version` is N (0–8). racoon and strongSwan also send
    /// draft 02 with a trailing newline in the hashed string (`draftNewline`).
    case natTraversalDraft(version: UInt8, draftNewline: Bool)
    /// Cisco/Microsoft IKE fragmentation: MD5("FRAGMENTATION"), optionally followed by a 4-byte capability dword
    /// (`nil` when the payload is exactly the 16-byte hash).
    case fragmentation(capabilities: UInt32?)
    /// XAuth: MD5("draft-ietf-ipsra-isakmp-xauth-06.txt"), 16 bytes or its first 8 (as strongSwan sends it).
    case xauth
    /// KAME racoon: MD5("KAME/racoon").
    case kameRacoon
    /// ipsec-tools racoon: MD5("IPSec-Tools").
    case ipsecTools

    /// The payload bytes this module sends for the vendor ID.
    public var bytes: [UInt8] {
        switch self {
        case .deadPeerDetection: return KnownVendorID.dpd
        case .natTraversalRFC3947: return KnownVendorID.rfc3947
        case .natTraversalDraft(let version, let newline):
            if version == 2 && newline { return KnownVendorID.draft02Newline }
            return KnownVendorID.drafts[Int(min(version, 8))]
        case .fragmentation(let capabilities):
            guard let capabilities else { return KnownVendorID.fragmentationHash }
            var writer = WireWriter(reservingCapacity: 20)
            writer.writeBytes(KnownVendorID.fragmentationHash)
            writer.writeInteger(capabilities)
            return writer.bytes
        case .xauth: return KnownVendorID.xauthHash
        case .kameRacoon: return KnownVendorID.kame
        case .ipsecTools: return KnownVendorID.ipsecToolsHash
        }
    }

    /// Recognises a vendor ID payload's data, or returns nil.
    public init?(_ data: [UInt8]) {
        switch data.count {
        case 8 where data[...] == KnownVendorID.xauthHash[0..<8]:
            self = .xauth
        case 16:
            if data == KnownVendorID.dpd {
                self = .deadPeerDetection
            } else if data == KnownVendorID.rfc3947 {
                self = .natTraversalRFC3947
            } else if data == KnownVendorID.draft02Newline {
                self = .natTraversalDraft(version: 2, draftNewline: true)
            } else if let version = KnownVendorID.drafts.firstIndex(of: data) {
                self = .natTraversalDraft(version: UInt8(version), draftNewline: false)
            } else if data == KnownVendorID.fragmentationHash {
                self = .fragmentation(capabilities: nil)
            } else if data == KnownVendorID.xauthHash {
                self = .xauth
            } else if data == KnownVendorID.kame {
                self = .kameRacoon
            } else if data == KnownVendorID.ipsecToolsHash {
                self = .ipsecTools
            } else {
                return nil
            }
        case 20 where data[0..<16] == KnownVendorID.fragmentationHash[...]:
            let capabilities = data[16..<20].reduce(UInt32(0)) { ($0 << 8) | UInt32($1) }
            self = .fragmentation(capabilities: capabilities)
        default:
            return nil
        }
    }

    // MARK: - Specification values

    private static let dpd: [UInt8] = hex("afcad71368a1f1c96b8696fc77570100")
    private static let rfc3947: [UInt8] = hex("4a131c81070358455c5728f20e95452f")
    private static let draft02Newline: [UInt8] = hex("90cb80913ebb696e086381b5ec427b1f")
    private static let drafts: [[UInt8]] = [
        "4485152d18b6bbcd0be8a8469579ddcc", "16f6ca16e4a4066d83821a0f0aeaa862", "cd60464335df21f87cfdb2fc68b6a448",
        "7d9419a65310ca6f2c179d9215529d56", "9909b64eed937c6573de52ace952fa6b", "80d0bb3def54565ee84645d4c85ce3ee",
        "4d1e0e136deafa34c4f3ea9f02ec7285", "439b59f8ba676c4c7737ae22eab8f582", "8f8d83826d246b6fc7a8a6a428c11de8",
    ].map(hex)
    private static let fragmentationHash: [UInt8] = hex("4048b7d56ebce88525e7de7f00d6c2d3")
    private static let xauthHash: [UInt8] = hex("09002689dfd6b71280a224dec33b81e5")
    private static let kame: [UInt8] = hex("7003cbc1097dbe9c2600ba6983bc8b35")
    private static let ipsecToolsHash: [UInt8] = hex("20a3622c1cea7ce37bee3ca484425276")

    private static func hex(_ string: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = string.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            bytes.append(UInt8(nibble(high) << 4 | nibble(low)))
        }
        return bytes
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        c >= 0x61 ? c - 0x61 + 10 : c - 0x30
    }
}
