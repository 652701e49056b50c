/// `struct sadb_x_kmaddress` followed by two sockaddrs (Linux `SADB_X_EXT_KMADDRESS`, used by MIGRATE): the
/// addresses IKE should use.
public struct SADBKMAddress: Hashable, Sendable {
    /// The local IKE address.
    public var local: SADBSocketAddress
    /// The remote IKE address.
    public var remote: SADBSocketAddress

    /// A KMADDRESS extension.
    public init(local: SADBSocketAddress, remote: SADBSocketAddress) {
        self.local = local
        self.remote = remote
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        try reader.skip(4)
        var peek = reader
        let family = try peek.readUInt16()
        guard let size = SADBSocketAddress.size(ofFamily: family) else {
            // Unknown family: split the space in two, as the kernel writes two equal sockaddrs.
            let half = reader.remaining / 2
            local = try SADBSocketAddress.read(from: &reader, otherLength: half)
            remote = try SADBSocketAddress.read(from: &reader)
            // Only halves that are equal once written out (with the extension's padding to 8 bytes) can be told
            // apart again: the writer puts the remote right after the local. Anything else would decode as another
            // message once re-serialised (found by the sadb fuzz target).
            var localBytes = SADBWriter()
            local.write(into: &localBytes)
            var remoteBytes = SADBWriter()
            remote.write(into: &remoteBytes)
            let written = (8 + localBytes.count + remoteBytes.count + 7) / 8 * 8 - 8
            guard written / 2 == localBytes.count else {
                throw .unequalKMAddressHalves(local: localBytes.count, remote: remoteBytes.count)
            }
            return
        }
        var first = try reader.subReader(size)
        local = try SADBSocketAddress.read(from: &first)
        remote = try SADBSocketAddress.read(from: &reader)
    }

    func write(into writer: inout SADBWriter) {
        writer.write(UInt32(0))
        local.write(into: &writer)
        remote.write(into: &writer)
    }
}
