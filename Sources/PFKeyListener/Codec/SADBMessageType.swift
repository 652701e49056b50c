/// `sadb_msg_type`: what a PF_KEY message is (RFC 2367 §2.3.1, Linux `SADB_X_*`). Unknown codes stay data.
public enum SADBMessageType: Hashable, Sendable, CustomStringConvertible {
    /// RFC 2367 SA messages: `SADB_GETSPI` (1) … `SADB_DUMP` (10).
    case getSPI, update, add, delete, get, acquire, register, expire, flush, dump
    /// KAME `SADB_X_PROMISC` (11) and `SADB_X_PCHANGE` (12).
    case promisc, pchange
    /// Policy messages `SADB_X_SPDUPDATE` (13) … `SADB_X_SPDDELETE2` (22).
    case spdUpdate, spdAdd, spdDelete, spdGet, spdAcquire, spdDump, spdFlush, spdSetIndex, spdExpire, spdDelete2
    /// `SADB_X_NAT_T_NEW_MAPPING` (23) and `SADB_X_MIGRATE` (24).
    case natTraversalNewMapping, migrate
    /// A code this codec does not know (including `SADB_RESERVED`, 0).
    case unknown(UInt8)

    private static let known: [SADBMessageType] = [
        .getSPI, .update, .add, .delete, .get, .acquire, .register, .expire, .flush, .dump, .promisc, .pchange,
        .spdUpdate, .spdAdd, .spdDelete, .spdGet, .spdAcquire, .spdDump, .spdFlush, .spdSetIndex, .spdExpire,
        .spdDelete2, .natTraversalNewMapping, .migrate,
    ]

    /// Decodes `sadb_msg_type`.
    public init(rawValue: UInt8) {
        // SADB_GETSPI = 1 … SADB_X_MIGRATE = 24, in order.
        if rawValue >= 1, Int(rawValue) <= Self.known.count {
            self = Self.known[Int(rawValue) - 1]
        } else {
            self = .unknown(rawValue)
        }
    }

    /// The wire code.
    public var rawValue: UInt8 {
        switch self {
        case .getSPI: 1
        case .update: 2
        case .add: 3
        case .delete: 4
        case .get: 5
        case .acquire: 6
        case .register: 7
        case .expire: 8
        case .flush: 9
        case .dump: 10
        case .promisc: 11
        case .pchange: 12
        case .spdUpdate: 13
        case .spdAdd: 14
        case .spdDelete: 15
        case .spdGet: 16
        case .spdAcquire: 17
        case .spdDump: 18
        case .spdFlush: 19
        case .spdSetIndex: 20
        case .spdExpire: 21
        case .spdDelete2: 22
        case .natTraversalNewMapping: 23
        case .migrate: 24
        case .unknown(let code): code
        }
    }

    /// The kernel's name, e.g. `SADB_X_SPDDUMP`.
    public var description: String {
        switch self {
        case .getSPI: "SADB_GETSPI"
        case .update: "SADB_UPDATE"
        case .add: "SADB_ADD"
        case .delete: "SADB_DELETE"
        case .get: "SADB_GET"
        case .acquire: "SADB_ACQUIRE"
        case .register: "SADB_REGISTER"
        case .expire: "SADB_EXPIRE"
        case .flush: "SADB_FLUSH"
        case .dump: "SADB_DUMP"
        case .promisc: "SADB_X_PROMISC"
        case .pchange: "SADB_X_PCHANGE"
        case .spdUpdate: "SADB_X_SPDUPDATE"
        case .spdAdd: "SADB_X_SPDADD"
        case .spdDelete: "SADB_X_SPDDELETE"
        case .spdGet: "SADB_X_SPDGET"
        case .spdAcquire: "SADB_X_SPDACQUIRE"
        case .spdDump: "SADB_X_SPDDUMP"
        case .spdFlush: "SADB_X_SPDFLUSH"
        case .spdSetIndex: "SADB_X_SPDSETIDX"
        case .spdExpire: "SADB_X_SPDEXPIRE"
        case .spdDelete2: "SADB_X_SPDDELETE2"
        case .natTraversalNewMapping: "SADB_X_NAT_T_NEW_MAPPING"
        case .migrate: "SADB_X_MIGRATE"
        case .unknown(let code): "SADB message type \(code)"
        }
    }
}
