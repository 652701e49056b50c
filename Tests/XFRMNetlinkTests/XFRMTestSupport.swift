@testable import PFKeyListener
@testable import XFRMNetlink

/// Builders for kernel-side messages (the kernel's half of the conversation) and helpers for the tests.
enum KernelSide {
    static let a = IPAddress("10.0.0.1")!
    static let b = IPAddress("10.0.0.2")!
    static let label = SADBSecurityContext(label: "system_u:object_r:unlabeled_t:s0:c0")
    static let flowLabel = SADBSecurityContext(label: "system_u:system_r:kernel_t:s0")

    static func message(_ type: XFRMMessageType, portID: UInt32 = 0, sequence: UInt32 = 0, flags: UInt16 = 0,
                        _ body: (inout WireWriter) -> Void, attributes: XFRMAttributes = XFRMAttributes()) -> NetlinkMessage {
        var writer = WireWriter()
        body(&writer)
        writer.align(to: 4)
        for attribute in attributes.encoded() { attribute.write(into: &writer) }
        return NetlinkMessage(type: type.rawValue, flags: flags, sequence: sequence, portID: portID, payload: writer.bytes)
    }

    /// NLMSG_ERROR answering `request` with `code` (0: acknowledgement).
    static func acknowledgement(_ request: NetlinkMessage, code: Int32 = 0) -> NetlinkMessage {
        var writer = WireWriter()
        writer.write(code)
        writer.write(bytes: request.serialize().prefix(NetlinkMessage.headerSize))
        return NetlinkMessage(type: NetlinkMessage.error, flags: 0, sequence: request.sequence, portID: 0, payload: writer.bytes)
    }

    static func done(_ request: NetlinkMessage) -> NetlinkMessage {
        NetlinkMessage(type: NetlinkMessage.done, flags: NetlinkMessage.Flag.multipart, sequence: request.sequence, payload: [0, 0, 0, 0])
    }

    static func hostSelector(from source: IPAddress, to destination: IPAddress) -> XFRMSelector {
        XFRMSelector(TrafficSelector(source: source, sourcePrefixLength: 32, destination: destination, destinationPrefixLength: 32))
    }

    /// An outbound ESP transport policy A→B with index `index`.
    static func policy(index: UInt32, direction: UInt8 = 1) -> XFRMPolicyInfo {
        XFRMPolicyInfo(selector: hostSelector(from: a, to: b), priority: 0x8000_0000, index: index, direction: direction, action: 0)
    }

    static func espTemplate(reqid: UInt32 = 0) -> XFRMTemplate {
        XFRMTemplate(ipProtocol: 50, family: 2, source: nil, destination: nil, reqid: reqid, mode: 0, optional: false)
    }

    /// XFRM_MSG_ACQUIRE for ESP A→B by policy `index`, with the flow's context.
    static func acquire(index: UInt32, sequence: UInt32, context: SADBSecurityContext?) -> NetlinkMessage {
        var attributes = XFRMAttributes()
        attributes.templates = [espTemplate()]
        attributes.securityContext = context
        return message(.acquire, { writer in
            // struct xfrm_id: daddr, spi, proto, 3 bytes of padding.
            XFRMAddress.write(b, into: &writer)
            writer.write(UInt32(0))
            writer.write(UInt8(50))
            writer.writeZeros(3)
            XFRMAddress.write(a, into: &writer)
            hostSelector(from: a, to: b).write(into: &writer)
            policy(index: index).write(into: &writer)
            writer.write(UInt32.max); writer.write(UInt32.max); writer.write(UInt32.max)
            writer.write(sequence)
        }, attributes: attributes)
    }

    static func state(spi: UInt32, sequence: UInt32 = 0) -> XFRMStateInfo {
        var info = XFRMStateInfo(
            selector: .wildcard(family: 2), destination: b, spi: spi, ipProtocol: 50, source: a, sequence: sequence,
            reqid: 7, family: 2, mode: 0, replayWindow: 4)
        info.lifetime.hardAddExpiresSeconds = 3600
        info.lifetime.softAddExpiresSeconds = 2880
        return info
    }

    static func keyedAttributes() -> XFRMAttributes {
        var attributes = XFRMAttributes()
        attributes.authentication = XFRMAlgorithm(name: "hmac(sha256)", key: KeyBytes([UInt8](repeating: 0xaa, count: 32)), icvBits: 128)
        attributes.encryption = XFRMAlgorithm(name: "cbc(aes)", key: KeyBytes([UInt8](repeating: 0xbb, count: 16)))
        return attributes
    }
}

extension XFRMTranslator.Output {
    /// The single request, decoded as the kernel would read it.
    func onlyRequest() throws -> (NetlinkMessage, XFRMMessage?) {
        guard requests.count == 1, let request = requests.first else { throw TestFailure("expected one request, got \(requests.count)") }
        return (request, try? XFRMMessage(request))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
