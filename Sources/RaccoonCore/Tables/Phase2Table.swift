/// The engine's phase-2 records: a `RecordTable` plus an index by the SADB sequence number, so each GETSPI, UPDATE
/// and ADD reply finds its Quick Mode in O(1) (RFC 2367 §2.1: a reply echoes the request's `sadb_msg_seq`).
struct Phase2Table {
    private var table = RecordTable<Phase2Record>()
    /// Handles per sequence number; more than one only if the kernel's ACQUIRE numbers meet ours.
    private var bySequence: [UInt32: [UInt64]] = [:]

    /// The record with handle `id`; assigning nil removes it, assigning a record files it under its handle.
    subscript(id: UInt64) -> Phase2Record? {
        get { table[id] }
        set {
            if let record = newValue {
                if table[id] == nil { bySequence[record.sequence, default: []].append(id) }
            } else if let old = table[id] {
                var handles = bySequence[old.sequence] ?? []
                handles.removeAll { $0 == id }
                bySequence[old.sequence] = handles.isEmpty ? nil : handles
            }
            table[id] = newValue
        }
    }

    /// Every record, in no particular order.
    var values: Dictionary<UInt64, Phase2Record>.Values { table.values }

    /// The number of records.
    var count: Int { table.count }

    /// Every record, oldest first.
    var oldestFirst: [Phase2Record] { table.oldestFirst }

    /// The records with `peer`, oldest first.
    func records(with peer: IPAddress) -> [Phase2Record] { table.records(with: peer) }

    /// The oldest record whose kernel requests carry `sequence`.
    func record(sequence: UInt32) -> Phase2Record? {
        bySequence[sequence]?.first.flatMap { table[$0] }
    }
}
