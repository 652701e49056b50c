/// The fixed structure at the start of an XFRM message's payload (<linux/xfrm.h>: `xfrm_usersa_info`,
/// `xfrm_userpolicy_info`, `xfrm_user_acquire`, …), followed by attributes aligned to 4 bytes.
protocol XFRMMessageBody {
    /// The structure's size in bytes (`sizeof`, on 64-bit Linux).
    static var size: Int { get }
    init(parsing reader: inout WireReader) throws(XFRMWireError)
    /// The address family the message's attributes are read in (XFRMA_SRCADDR, XFRMA_TMPL).
    var family: UInt16 { get }
}

extension XFRMMessageBody {
    /// Decodes `payload`, the payload of a message of `type`: the structure, then the attributes after it.
    static func parse(
        _ payload: ArraySlice<UInt8>, of type: XFRMMessageType
    ) throws(XFRMWireError) -> (Self, XFRMAttributes) {
        guard payload.count >= size else { throw .structureTruncated("\(type)", needed: size, available: payload.count) }
        var reader = WireReader(payload, structure: "\(type)")
        let body = try Self(parsing: &reader)
        let attributesStart = payload.startIndex + min(align4(size), payload.count)
        return (body, try XFRMAttributes(parsing: payload[attributesStart...], family: body.family))
    }
}

extension XFRMStateInfo: XFRMMessageBody {}

extension XFRMStateID: XFRMMessageBody {}

extension XFRMPolicyInfo: XFRMMessageBody {
    var family: UInt16 { selector.family }
}

extension XFRMPolicyID: XFRMMessageBody {
    var family: UInt16 { selector.family }
}

extension XFRMAcquireInfo: XFRMMessageBody {
    var family: UInt16 { policy.family }
}

extension XFRMExpireInfo: XFRMMessageBody {
    var family: UInt16 { state.family }
}

extension XFRMPolicyExpireInfo: XFRMMessageBody {
    var family: UInt16 { policy.family }
}
