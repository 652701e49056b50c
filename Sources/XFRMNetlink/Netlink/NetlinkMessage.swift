/// One netlink message: `struct nlmsghdr` (16 bytes, host order) and its payload (netlink(7)).
///
/// A datagram from a netlink socket may hold several messages, each padded to 4 bytes (`NLMSG_ALIGN`);
/// `parseDatagram(_:)` splits it and checks every `nlmsg_len` against what is left.
public struct NetlinkMessage: Equatable, Sendable {
    /// `nlmsg_type`: an XFRM message type or one of the control types below.
    public var type: UInt16
    /// `nlmsg_flags`.
    public var flags: UInt16
    /// `nlmsg_seq`.
    public var sequence: UInt32
    /// `nlmsg_pid`: the sending socket's port id (0 for the kernel's own events).
    public var portID: UInt32
    /// The bytes after the header, without trailing alignment padding.
    public var payload: [UInt8]

    /// `sizeof(struct nlmsghdr)`.
    public static let headerSize = 16

    /// Control message types (`<linux/netlink.h>`).
    public static let noop: UInt16 = 1
    public static let error: UInt16 = 2
    public static let done: UInt16 = 3
    public static let overrun: UInt16 = 4

    /// `NLM_F_*` flags.
    public enum Flag {
        public static let request: UInt16 = 0x1
        public static let multipart: UInt16 = 0x2
        public static let acknowledge: UInt16 = 0x4
        /// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
        public static let dump: UInt16 = 0x300
        /// `NLM_F_DUMP_INTR`: the dump was interrupted by a change and may be inconsistent.
        public static let dumpInterrupted: UInt16 = 0x10
    }

    public init(type: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32 = 0, payload: [UInt8]) {
        self.type = type
        self.flags = flags
        self.sequence = sequence
        self.portID = portID
        self.payload = payload
    }

    /// Splits a received datagram into messages. Throws on the first malformed header: what follows a bad
    /// length cannot be framed.
    public static func parseDatagram(_ bytes: [UInt8]) throws(XFRMWireError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= headerSize else { throw .headerTruncated(offset: offset) }
            var header = WireReader(bytes[offset..<offset + headerSize], structure: "nlmsghdr")
            let length = Int(try header.readUInt32())
            let type = try header.readUInt16()
            let flags = try header.readUInt16()
            let sequence = try header.readUInt32()
            let portID = try header.readUInt32()
            guard length >= headerSize, length <= remaining else {
                throw .invalidMessageLength(declared: length, remaining: remaining)
            }
            messages.append(
                NetlinkMessage(
                    type: type, flags: flags, sequence: sequence, portID: portID,
                    payload: Array(bytes[offset + headerSize..<offset + length])))
            offset += min(align4(length), remaining)
        }
        return messages
    }

    /// The encoded message with `nlmsg_len` computed (the payload is padded to 4 bytes).
    public func serialize() -> [UInt8] {
        var writer = WireWriter(reservingCapacity: Self.headerSize + payload.count + 3)
        writer.write(UInt32(Self.headerSize + payload.count))
        writer.write(type)
        writer.write(flags)
        writer.write(sequence)
        writer.write(portID)
        writer.write(bytes: payload)
        writer.align(to: 4)
        return writer.bytes
    }

    /// For `NLMSG_ERROR`: the error code (0 is an acknowledgement, otherwise a negated errno) and the header of
    /// the request it answers (`struct nlmsgerr`).
    public func errorReply() throws(XFRMWireError) -> (error: Int32, requestType: UInt16, requestSequence: UInt32) {
        var reader = WireReader(payload[...], structure: "nlmsgerr")
        guard reader.remaining >= 4 else { throw .errorMessageTruncated }
        let code = try reader.readInt32()
        try reader.require(Self.headerSize)
        try reader.skip(4)
        let requestType = try reader.readUInt16()
        try reader.skip(2)
        let requestSequence = try reader.readUInt32()
        return (code, requestType, requestSequence)
    }
}

/// `NLMSG_ALIGN` / `NLA_ALIGN`: rounds up to a multiple of 4.
func align4(_ length: Int) -> Int { (length + 3) & ~3 }
