public import PFKeyListener

/// Speaks XFRM netlink to the kernel on behalf of a PF_KEY speaker (the engine, setkey): each PF_KEY request
/// becomes XFRM requests, each XFRM reply and event the PF_KEY message af_key would have produced. Sans-I/O:
/// `XFRMSocket` moves the bytes.
///
/// Requests are answered with the PF_KEY reply shapes the engine already handles (same type, `sadb_msg_seq`
/// and `sadb_msg_pid`, `sadb_msg_errno` from NLMSG_ERROR). Notifications caused by our own requests are dropped,
/// as PF_KEY sends its requester one reply, not a reply and an echo.
public struct XFRMTranslator {
    /// What a request or a received message produced.
    public struct Output {
        /// XFRM requests to send on the request socket.
        public var requests: [NetlinkMessage] = []
        /// PF_KEY messages for the reader, in order.
        public var messages: [SADBMessage] = []
        /// Lines worth logging about the interface itself (refused requests, interrupted dumps).
        public var notices: [String] = []
    }

    /// What an outstanding netlink request will answer.
    enum Pending {
        /// A PF_KEY request answered by one acknowledgement or error (UPDATE, ADD, DELETE, FLUSH, SPD changes).
        case acknowledged(SADBMessage)
        /// GETSPI: the reply is the larval SA.
        case allocateSPI(SADBMessage)
        /// GET / SPDGET: the reply is the SA or policy.
        case get(SADBMessage)
        /// DUMP / SPDDUMP: entries until NLMSG_DONE.
        case dump(SADBMessage, entries: [SADBMessage])
        /// A policy notification re-read in full (notifications lack the security context).
        case refetchPolicy(SADBMessageType, pid: UInt32)
        /// An SPDADD waiting for the SPD's reqids, to generate one for a `unique` template.
        case reqidScan(SADBMessage, used: Set<UInt32>)
    }

    /// Our request socket's port id: what we stamp as `sadb_msg_pid`, and how our own notifications are known.
    public let portID: UInt32
    private var sequence: UInt32 = 0
    private var pending: [UInt32: Pending] = [:]
    private var generatedReqids: Set<UInt32> = []
    /// Attribute types already reported as unknown: each is logged once.
    private var reportedAttributeTypes: Set<UInt16> = []

    /// `IPSEC_MANUAL_REQID_MAX`: generated reqids start above it, as af_key's gen_reqid.
    static let manualReqidMaximum: UInt32 = 0x3fff

    public init(portID: UInt32) { self.portID = portID }

    /// The number of requests waiting for the kernel (bounded by what the caller sends).
    public var pendingCount: Int { pending.count }

    private mutating func nextSequence() -> UInt32 {
        sequence = sequence == UInt32.max ? 1 : sequence + 1
        return sequence
    }

    private mutating func send(_ request: XFRMRequest, _ waiting: Pending, into output: inout Output) {
        let number = nextSequence()
        pending[number] = waiting
        output.requests.append(request.message(sequence: number, portID: portID))
    }

    /// The PF_KEY reply with `errno` and the request's extensions (keys removed).
    static func reply(to request: SADBMessage, errno: UInt8) -> SADBMessage {
        var reply = request
        reply.errno = errno
        reply.extensions.removeAll {
            if case .authKey = $0 { return true }
            if case .encryptionKey = $0 { return true }
            return false
        }
        return reply
    }

    // MARK: - PF_KEY requests

    /// Translates one PF_KEY request.
    public mutating func translate(_ request: SADBMessage) -> Output {
        var output = Output()
        do {
            try translate(request, into: &output)
        } catch {
            output.messages.append(Self.reply(to: request, errno: error.errno))
            output.notices.append("XFRM: \(request.type) refused: \(error.reason)")
        }
        return output
    }

    private mutating func translate(_ request: SADBMessage, into output: inout Output) throws(SADBToXFRM.Refusal) {
        switch request.type {
        case .register:
            // XFRM has no registration: the multicast groups are joined when the socket opens.
            var reply = request
            reply.extensions = XFRMToSADB.supported(request.saType)
            output.messages.append(reply)
        case .getSPI:
            let info = try SADBToXFRM.state(request)
            let range = request.spiRange
            // af_key's default range when none is given.
            send(
                .allocateSPI(info, minimum: range?.minimum ?? 0x100, maximum: range?.maximum ?? 0x0fff_ffff),
                .allocateSPI(request), into: &output)
        case .update, .add:
            let info = try SADBToXFRM.state(request)
            let attributes = try SADBToXFRM.stateAttributes(request)
            let install = XFRMRequest.installState(info, attributes: attributes, update: request.type == .update)
            send(install, .acknowledged(request), into: &output)
        case .delete:
            let (id, source) = try SADBToXFRM.stateID(request)
            send(.deleteState(id, source: source), .acknowledged(request), into: &output)
        case .get:
            let (id, source) = try SADBToXFRM.stateID(request)
            send(.getState(id, source: source), .get(request), into: &output)
        case .flush:
            let proto = request.saType == .unspecified ? SADBToXFRM.anyProtocol : try SADBToXFRM.ipProtocol(request.saType)
            send(.flushStates(ipProtocol: proto), .acknowledged(request), into: &output)
        case .dump:
            send(.dumpStates, .dump(request, entries: []), into: &output)
        case .acquire:
            // PF_KEY's give-up (ACQUIRE with errno) has no XFRM message: the larval state expires by itself
            // (net.core.xfrm_acq_expires). Acknowledge it as af_key does.
            output.messages.append(Self.reply(to: request, errno: request.errno))
        case .spdAdd, .spdUpdate:
            if SADBToXFRM.needsGeneratedReqid(request) {
                send(.dumpPolicies, .reqidScan(request, used: []), into: &output)
            } else {
                try installPolicy(request, used: [], into: &output)
            }
        case .spdDelete:
            let id = try SADBToXFRM.policyID(request, byIndex: false)
            send(.deletePolicy(id, securityContext: request.securityContext), .acknowledged(request), into: &output)
        case .spdDelete2:
            let id = try SADBToXFRM.policyID(request, byIndex: true)
            send(.deletePolicy(id, securityContext: nil), .acknowledged(request), into: &output)
        case .spdGet:
            send(.getPolicy(try SADBToXFRM.policyID(request, byIndex: true)), .get(request), into: &output)
        case .spdDump:
            send(.dumpPolicies, .dump(request, entries: []), into: &output)
        case .spdFlush:
            send(.flushPolicies, .acknowledged(request), into: &output)
        default:
            throw SADBToXFRM.Refusal(errno: SADBToXFRM.notSupported, reason: "no XFRM equivalent")
        }
    }

    private mutating func installPolicy(
        _ request: SADBMessage, used: Set<UInt32>, into output: inout Output
    ) throws(SADBToXFRM.Refusal) {
        var taken = used.union(generatedReqids)
        var generated: [UInt32] = []
        let (info, attributes) = try SADBToXFRM.policy(request) {
            var candidate = Self.manualReqidMaximum + 1
            while taken.contains(candidate) { candidate += 1 }
            taken.insert(candidate)
            generated.append(candidate)
            return candidate
        }
        generatedReqids.formUnion(generated)
        send(
            .installPolicy(info, attributes: attributes, update: request.type == .spdUpdate), .acknowledged(request),
            into: &output)
    }

    // MARK: - Replies (request socket)

    /// Handles one message from the request socket.
    public mutating func receiveReply(_ message: NetlinkMessage) -> Output {
        var output = Output()
        guard let waiting = pending[message.sequence] else {
            let type = XFRMMessageType(rawValue: message.type)
            output.notices.append("XFRM: ignored a \(type) with unknown seq \(message.sequence)")
            return output
        }
        let decoded: XFRMMessage
        do {
            decoded = try XFRMMessage(message)
        } catch {
            pending[message.sequence] = nil
            output.notices.append("XFRM: malformed reply \(XFRMMessageType(rawValue: message.type)): \(error)")
            if let request = waiting.request { output.messages.append(Self.reply(to: request, errno: 5 /* EIO */)) }
            return output
        }
        if case .error(let code, _) = decoded {
            pending[message.sequence] = nil
            finish(waiting, code: code, into: &output)
            return output
        }
        switch (waiting, decoded) {
        case (.allocateSPI(let request), .state(_, let info, let attributes)):
            pending[message.sequence] = nil
            output.messages.append(
                XFRMToSADB.state(.getSPI, info, attributes, sequence: request.sequence, pid: request.pid, keys: false))
        case (.get(let request), .state(_, let info, let attributes)):
            pending[message.sequence] = nil
            output.messages.append(
                XFRMToSADB.state(.get, info, attributes, sequence: request.sequence, pid: request.pid, keys: true))
        case (.get(let request), .policy(_, let info, let attributes)):
            pending[message.sequence] = nil
            output.messages.append(
                XFRMToSADB.policy(.spdGet, info, attributes, sequence: request.sequence, pid: request.pid))
        case (.refetchPolicy(let type, let pid), .policy(_, let info, let attributes)):
            pending[message.sequence] = nil
            output.messages.append(XFRMToSADB.policy(type, info, attributes, sequence: 0, pid: pid))
        case (.dump(let request, var entries), .state(_, let info, let attributes)):
            if request.saType == .unspecified || XFRMToSADB.saType(info.ipProtocol) == request.saType {
                entries.append(XFRMToSADB.state(.dump, info, attributes, sequence: 0, pid: request.pid, keys: true))
            }
            pending[message.sequence] = .dump(request, entries: entries)
        case (.dump(let request, var entries), .policy(_, let info, let attributes)):
            entries.append(XFRMToSADB.policy(.spdDump, info, attributes, sequence: 0, pid: request.pid))
            pending[message.sequence] = .dump(request, entries: entries)
        case (.reqidScan(let request, var used), .policy(_, _, let attributes)):
            used.formUnion(attributes.templates.map(\.reqid))
            pending[message.sequence] = .reqidScan(request, used: used)
        case (.dump(let request, let entries), .done):
            pending[message.sequence] = nil
            if message.flags & NetlinkMessage.Flag.dumpInterrupted != 0 {
                output.notices.append("XFRM: the \(request.type) was interrupted by a change; it may be inconsistent")
            }
            // PF_KEY numbers dump replies count-1 … 0; an empty database is ENOENT.
            if entries.isEmpty {
                output.messages.append(Self.reply(to: request, errno: 2))
            } else {
                for (index, var entry) in entries.enumerated() {
                    entry.sequence = UInt32(entries.count - 1 - index)
                    output.messages.append(entry)
                }
            }
        case (.reqidScan(let request, let used), .done):
            pending[message.sequence] = nil
            do {
                try installPolicy(request, used: used, into: &output)
            } catch {
                output.messages.append(Self.reply(to: request, errno: error.errno))
            }
        default:
            output.notices.append("XFRM: ignored an unexpected \(XFRMMessageType(rawValue: message.type)) reply")
        }
        return output
    }

    /// An NLMSG_ERROR ends a request: 0 acknowledges it, anything else is the negated errno.
    private func finish(_ waiting: Pending, code: Int32, into output: inout Output) {
        let errno = UInt8(clamping: code < 0 ? -Int(code) : Int(code))
        switch waiting {
        case .refetchPolicy:
            // The policy was removed before we read it; its DELPOLICY notification follows.
            break
        case .dump(let request, _) where errno == 0:
            output.messages.append(Self.reply(to: request, errno: 2))
        default:
            if let request = waiting.request { output.messages.append(Self.reply(to: request, errno: errno)) }
        }
    }

    // MARK: - Notifications (event socket)

    /// Handles one message from the event socket (the ACQUIRE, EXPIRE, SA and POLICY multicast groups).
    public mutating func receiveEvent(_ message: NetlinkMessage) -> Output {
        var output = Output()
        let decoded: XFRMMessage
        do {
            decoded = try XFRMMessage(message)
        } catch {
            let type = XFRMMessageType(rawValue: message.type)
            output.notices.append("XFRM: ignored a malformed \(type) notification: \(error)")
            return output
        }
        // Our own requests were answered already; PF_KEY does not echo them either.
        let ours = message.portID == portID && portID != 0
        switch decoded {
        case .acquire(let info, let attributes):
            if let acquire = XFRMToSADB.acquire(info, attributes) {
                output.messages.append(acquire)
            } else {
                output.notices.append("XFRM: ignored an ACQUIRE without addresses")
            }
        case .expire(let info, let attributes):
            output.messages.append(
                XFRMToSADB.state(
                    .expire, info.state, attributes, sequence: 0, pid: 0, keys: false,
                    lifetimes: (info.isHard, !info.isHard)))
        case .state(let type, let info, let attributes) where !ours:
            output.messages.append(
                XFRMToSADB.state(
                    type == .updateSA ? .update : .add, info, attributes, sequence: info.sequence, pid: message.portID,
                    keys: false))
        case .stateDeleted(let id, let attributes) where !ours:
            output.messages.append(XFRMToSADB.deleted(id, attributes, pid: message.portID))
        case .flushedStates(let proto) where !ours:
            let saType = proto == SADBToXFRM.anyProtocol ? SADBSAType.unspecified : XFRMToSADB.saType(proto)
            output.messages.append(SADBMessage(type: .flush, saType: saType, pid: message.portID))
        case .policy(let type, let info, _) where !ours:
            // Policy notifications carry no XFRMA_SEC_CTX: read the policy back by its index for the whole of it.
            let id = XFRMPolicyID(selector: info.selector, index: info.index, direction: info.direction)
            let event: SADBMessageType = type == .updatePolicy ? .spdUpdate : .spdAdd
            send(.getPolicy(id), .refetchPolicy(event, pid: message.portID), into: &output)
        case .policyDeleted(let id, let attributes) where !ours:
            output.messages.append(XFRMToSADB.policyDeleted(id, attributes, pid: message.portID))
        case .policyExpire(let info, let attributes):
            // Only the hard expiry removes the policy; PF_KEY reported neither.
            if info.isHard {
                output.messages.append(XFRMToSADB.policy(.spdExpire, info.policy, attributes, sequence: 0, pid: 0))
            }
        case .flushedPolicies where !ours:
            output.messages.append(SADBMessage(type: .spdFlush, pid: message.portID))
        default:
            break
        }
        let unknown = (decoded.attributes?.unknownTypes ?? []).filter { reportedAttributeTypes.insert($0).inserted }
        if !unknown.isEmpty {
            output.notices.append(
                "XFRM: skipped attribute types \(unknown) of \(XFRMMessageType(rawValue: message.type))"
                    + " (newer than this build; reported once)")
        }
        return output
    }
}

extension XFRMTranslator.Pending {
    /// The PF_KEY request this waits on, if any.
    var request: SADBMessage? {
        switch self {
        case .acknowledged(let request), .allocateSPI(let request), .get(let request), .dump(let request, _),
            .reqidScan(let request, _):
            request
        case .refetchPolicy: nil
        }
    }
}

extension XFRMMessage {
    /// The decoded attributes, for the messages that have them.
    var attributes: XFRMAttributes? {
        switch self {
        case .state(_, _, let attributes), .stateDeleted(_, let attributes), .policy(_, _, let attributes),
            .policyDeleted(_, let attributes), .acquire(_, let attributes), .expire(_, let attributes),
            .policyExpire(_, let attributes):
            attributes
        default: nil
        }
    }
}
