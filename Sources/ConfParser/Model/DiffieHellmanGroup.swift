public import IKECrypto

/// A MODP Diffie-Hellman group (OAKLEY "Group Description", class 4; also the IPsec DOI GROUP_DESC for PFS): the
/// groups IKECrypto implements, so racoon.conf cannot name a group the engine lacks. racoon has no ECP groups.
public typealias DiffieHellmanGroup = DHGroup

extension DHGroup {
    /// Parses a racoon.conf group: a name (`modp1024`, the group's description) or a number (`2`, RFC 2409 §6 and
    /// RFC 3526).
    init?(configName name: String) {
        if let number = UInt16(name), let group = DHGroup(rawValue: number) {
            self = group
            return
        }
        guard let group = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = group
    }
}
