extension SetKeyCommand {
    /// The command word as written in setkey input.
    public var name: String {
        switch self {
        case .add: return "add"
        case .getSPI: return "getspi"
        case .get: return "get"
        case .delete: return "delete"
        case .deleteAll: return "deleteall"
        case .flush: return "flush"
        case .dump: return "dump"
        case .spdAdd: return "spdadd"
        case .spdUpdate: return "spdupdate"
        case .spdDelete: return "spddelete"
        case .spdFlush: return "spdflush"
        case .spdDump: return "spddump"
        case .exit: return "exit"
        }
    }
}
