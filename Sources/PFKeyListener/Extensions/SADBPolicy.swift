/// `struct sadb_x_policy` followed by `struct sadb_x_ipsecrequest` records (Linux `SADB_X_EXT_POLICY`).
public struct SADBPolicy: Hashable, Sendable {
    /// `sadb_x_policy_type`.
    public var policyType: IPsecPolicyType
    /// `sadb_x_policy_dir`.
    public var direction: IPsecPolicyDirection
    /// `sadb_x_policy_id`: the kernel's policy index. On Linux `id % 8` is the direction plus 3 × per-socket.
    public var id: UInt32
    /// `sadb_x_policy_priority` (lower wins).
    public var priority: UInt32
    /// The templates, in order (empty in an ACQUIRE).
    public var requests: [SADBIPsecRequest]

    /// A policy extension.
    public init(
        policyType: IPsecPolicyType, direction: IPsecPolicyDirection, id: UInt32 = 0, priority: UInt32 = 0,
        requests: [SADBIPsecRequest] = []
    ) {
        self.policyType = policyType
        self.direction = direction
        self.id = id
        self.priority = priority
        self.requests = requests
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        policyType = IPsecPolicyType(rawValue: try reader.readUInt16())
        direction = IPsecPolicyDirection(rawValue: try reader.readUInt8())
        try reader.skip(1)
        id = try reader.readUInt32()
        priority = try reader.readUInt32()
        requests = []
        while reader.remaining > 0 {
            requests.append(try SADBIPsecRequest(parsing: &reader))
        }
    }

    func write(into writer: inout SADBWriter) {
        writer.write(policyType.rawValue)
        writer.write(direction.rawValue)
        writer.write(UInt8(0))
        writer.write(id)
        writer.write(priority)
        for request in requests { request.write(into: &writer) }
    }
}

/// `struct sadb_x_ipsecrequest` (16 bytes) optionally followed by the tunnel's source and destination sockaddrs.
/// Unlike extensions, `sadb_x_ipsecrequest_len` counts **bytes**.
public struct SADBIPsecRequest: Hashable, Sendable {
    static let fixedSize = 16

    /// `sadb_x_ipsecrequest_proto`: `IPPROTO_ESP` 50, `IPPROTO_AH` 51 or `IPPROTO_COMP` 108.
    public var ipProtocol: UInt16
    /// `sadb_x_ipsecrequest_mode`.
    public var mode: IPsecMode
    /// `sadb_x_ipsecrequest_level`.
    public var level: IPsecLevel
    /// `sadb_x_ipsecrequest_reqid` (0 = any).
    public var reqid: UInt32
    /// The tunnel endpoints (Linux sends them only in tunnel mode).
    public var tunnelSource: SADBSocketAddress?
    /// The tunnel's remote endpoint.
    public var tunnelDestination: SADBSocketAddress?

    /// An ipsecrequest. Give both tunnel endpoints or neither.
    public init(
        ipProtocol: UInt16, mode: IPsecMode, level: IPsecLevel, reqid: UInt32 = 0,
        tunnelSource: SADBSocketAddress? = nil, tunnelDestination: SADBSocketAddress? = nil
    ) {
        precondition((tunnelSource == nil) == (tunnelDestination == nil), "give both tunnel endpoints or neither")
        self.ipProtocol = ipProtocol
        self.mode = mode
        self.level = level
        self.reqid = reqid
        self.tunnelSource = tunnelSource
        self.tunnelDestination = tunnelDestination
    }

    /// The SA type this template asks for (ESP, AH, IPComp), or nil for another protocol.
    public var saType: SADBSAType? { SADBSAType(ipProtocol: ipProtocol) }

    private var addressesSize: Int {
        guard let source = tunnelSource, let destination = tunnelDestination else { return 0 }
        return source.encodedSize + destination.encodedSize
    }

    init(parsing reader: inout SADBReader) throws(SADBError) {
        guard reader.remaining >= Self.fixedSize else { throw .invalidIPsecRequestLength(length: reader.remaining) }
        var peek = reader
        let length = Int(try peek.readUInt16())
        guard length >= Self.fixedSize, length <= reader.remaining else {
            throw .invalidIPsecRequestLength(length: length)
        }
        var inner = try reader.subReader(length)
        try inner.skip(2)
        ipProtocol = try inner.readUInt16()
        mode = IPsecMode(rawValue: try inner.readUInt8())
        level = IPsecLevel(rawValue: try inner.readUInt8())
        try inner.skip(2)
        reqid = try inner.readUInt32()
        try inner.skip(4)
        if inner.remaining > 0 {
            // Two sockaddrs of the tunnel family (Linux: pfkey_sockaddr_len each, back to back).
            let half = inner.remaining / 2
            var first = try inner.subReader(half)
            var second = try inner.subReader(inner.remaining)
            tunnelSource = try SADBSocketAddress.read(from: &first, otherLength: half)
            tunnelDestination = try SADBSocketAddress.read(from: &second, otherLength: second.remaining)
            guard first.remaining == 0, second.remaining == 0 else { throw .invalidIPsecRequestLength(length: length) }
        } else {
            tunnelSource = nil
            tunnelDestination = nil
        }
    }

    func write(into writer: inout SADBWriter) {
        writer.write(UInt16(Self.fixedSize + addressesSize))
        writer.write(ipProtocol)
        writer.write(mode.rawValue)
        writer.write(level.rawValue)
        writer.write(UInt16(0))
        writer.write(reqid)
        writer.write(UInt32(0))
        if let source = tunnelSource, let destination = tunnelDestination {
            source.write(into: &writer)
            destination.write(into: &writer)
        }
    }
}
