internal import BenchmarkKernel
internal import Glibc
public import PFKeyListener

/// An in-memory PF_KEY kernel for tests: one network namespace with a small SPD and SAD, seen through one
/// PF_KEY socket. It speaks the same SADB bytes as Linux (requests are decoded with `SADBMessage.parse`, replies
/// and broadcasts are encoded with `serialize()`), and answers with the errno Linux would.
///
/// Behaviour modelled on Linux's `af_key.c` / `xfrm_state.c`:
/// - REGISTER lists the supported algorithms (EEXIST when registered twice for a type); ACQUIRE and EXPIRE are
///   delivered only once the socket is registered.
/// - GETSPI needs both addresses, reuses the acquire state of the same seq and destination, or reserves a new
///   larval SA with a fresh SPI from the SPIRANGE (default 0x100…0x0fffffff).
/// - UPDATE needs an SA with that (destination, protocol, SPI): larval ones are keyed, mature ones get new
///   lifetimes, none gives ESRCH. ADD of an existing SPI gives EEXIST; ADD removes the acquire state of its seq.
/// - An SA whose protocol, mode and reqid match no policy template is installed but unusable (Linux accepts it
///   and then never uses it); `templateMismatch: .reject` makes ADD/UPDATE fail with EINVAL instead.
/// - Unknown algorithms give ENOSYS, labels other than alg 1/doi 1 EINVAL, missing extensions EINVAL, empty
///   dumps ENOENT, unsupported requests EOPNOTSUPP.
public final class InMemoryKernel: KernelChannel {
    /// What to do with an SA that no policy template would use.
    public enum TemplateMismatch: Sendable {
        /// Install it anyway, as Linux does (`InstalledSA.matchesPolicyTemplate` is false, it never carries traffic).
        case acceptButUnusable
        /// Refuse the UPDATE/ADD with EINVAL, to catch reqid or mode mistakes early.
        case reject
    }

    /// The pid of the (only) socket's owner, stamped by the code under test.
    public let pid: UInt32
    /// The policy on template mismatches.
    public var templateMismatch: TemplateMismatch
    /// Fault injection: requests of these types are refused with this errno (a kernel out of memory, an LSM
    /// saying no) before anything else is checked.
    public var refusals: [SADBMessageType: Int32] = [:]
    /// The algorithms REGISTER reports (and UPDATE/ADD accept).
    public let supportedAuth: [SADBAlgorithmDescriptor]
    /// The encryption algorithms REGISTER reports.
    public let supportedEncrypt: [SADBAlgorithmDescriptor]

    /// The SPD, in insertion order.
    public internal(set) var policies: [SecurityPolicy] = []
    /// Every SA, larval and mature.
    public internal(set) var states: [InstalledSA] = []
    /// Every request the socket sent, decoded, for assertions.
    public internal(set) var requestsReceived: [SADBMessage] = []
    /// The SA types the socket registered for.
    public internal(set) var registeredTypes: Set<SADBSAType> = []

    var outbox: [[UInt8]] = []
    var nextSPI: UInt32
    var nextPolicyIndex: UInt32 = 0
    var nextAcquireSequence: UInt32 = 1

    /// A kernel. `firstSPI` makes two kernels in one test hand out different SPIs.
    public init(
        pid: UInt32 = 4242, firstSPI: UInt32 = 0x1000, templateMismatch: TemplateMismatch = .acceptButUnusable,
        supportedAuth: [SADBAlgorithmDescriptor] = InMemoryKernel.defaultAuth,
        supportedEncrypt: [SADBAlgorithmDescriptor] = InMemoryKernel.defaultEncrypt
    ) {
        self.pid = pid
        self.nextSPI = firstSPI
        self.templateMismatch = templateMismatch
        self.supportedAuth = supportedAuth
        self.supportedEncrypt = supportedEncrypt
    }

    /// The algorithm lists of Debian's 6.1 kernel, abridged (`DebianKernelAlgorithms`).
    public static let defaultAuth = DebianKernelAlgorithms.authentication
    /// See `defaultAuth`.
    public static let defaultEncrypt = DebianKernelAlgorithms.encryption

    /// The mature SAs (what `ip xfrm state` would list as keyed).
    public var installed: [InstalledSA] { states.filter { $0.state != .larval } }

    /// The larval SAs (GETSPI reservations and acquire states).
    public var larval: [InstalledSA] { states.filter { $0.state == .larval } }

    /// Messages queued for the socket and not yet read.
    public var pendingMessageCount: Int { outbox.count }

    // MARK: - KernelChannel

    /// Decodes a request and answers it as Linux would (replies and broadcasts are queued for `receiveBytes`).
    public func send(bytes: [UInt8]) throws(PFKeyError) {
        // Linux's pfkey_sendmsg rejects undecodable messages with EINVAL from sendmsg itself.
        guard let message = try? SADBMessage(parsing: bytes), message.reserved == 0 else {
            throw .systemCall("send", errno: EINVAL)
        }
        requestsReceived.append(message)
        process(message)
    }

    /// The next queued reply or broadcast.
    public func receiveBytes() throws(PFKeyError) -> [UInt8]? {
        outbox.isEmpty ? nil : outbox.removeFirst()
    }

    /// True when a message is queued (the in-memory kernel never blocks).
    public func waitUntilReadable(timeout: Duration) throws(PFKeyError) -> Bool {
        !outbox.isEmpty
    }

    // MARK: - Delivery

    func deliver(_ message: SADBMessage) {
        outbox.append(message.serialize())
    }

    /// Broadcasts that go only to registered sockets (ACQUIRE, EXPIRE).
    func deliverToRegistered(_ message: SADBMessage) {
        if !registeredTypes.isEmpty { deliver(message) }
    }

    func reply(to request: SADBMessage, errno code: Int32) {
        deliver(
            SADBMessage(
                type: request.type, saType: request.saType, sequence: request.sequence, pid: request.pid,
                errno: UInt8(truncatingIfNeeded: code)))
    }
}

/// Compile-time check that the fake can stand in for the real socket (Go's `var _ Bind = …`).
private func _assertKernelChannelConformance() {
    let _: any KernelChannel.Type = InMemoryKernel.self
}
