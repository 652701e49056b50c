/// A negotiation record the engine files by handle and by peer.
protocol PeerRecord: AnyObject {
    /// The engine's handle: unique, and increasing in creation order.
    var id: UInt64 { get }
    /// The peer's IKE endpoint, fixed for the record's life.
    var remote: Endpoint { get }
}

extension Phase1Record: PeerRecord {}
extension Phase2Record: PeerRecord {}

/// The engine's phase-1 or phase-2 records by handle, with an index by peer address.
///
/// Per-peer questions (INITIAL-CONTACT's purge, the phase 1 to run a Quick Mode on, DPD's cleanup) cost
/// O(records of that peer), not a scan and sort of every record: with 50,000 established peers the scans were most
/// of a responder's CPU per negotiation.
struct RecordTable<Record: PeerRecord> {
    private var byID: [UInt64: Record] = [:]
    /// Handles per peer, ascending.
    private var byPeer: [IPAddress: [UInt64]] = [:]

    /// The record with handle `id`; assigning nil removes it, assigning a record files it under its handle.
    subscript(id: UInt64) -> Record? {
        get { byID[id] }
        set {
            if let record = newValue {
                precondition(record.id == id, "a record is filed under its own handle")
                if byID.updateValue(record, forKey: id) == nil { index(record) }
            } else if let old = byID.removeValue(forKey: id) {
                unindex(old)
            }
        }
    }

    /// Every record, in no particular order.
    var values: Dictionary<UInt64, Record>.Values { byID.values }

    /// The number of records.
    var count: Int { byID.count }

    /// Every record, oldest first (deterministic order for shutdown, status and admin commands).
    var oldestFirst: [Record] { byID.values.sorted { $0.id < $1.id } }

    /// The records with `peer`, oldest first.
    func records(with peer: IPAddress) -> [Record] {
        byPeer[peer]?.compactMap { byID[$0] } ?? []
    }

    /// The oldest record with `peer` that satisfies `predicate`, looked up one at a time (the half-open eviction
    /// runs for every first message of a flood and usually stops at the first record).
    func oldestRecord(with peer: IPAddress, where predicate: (Record) -> Bool) -> Record? {
        for handle in byPeer[peer] ?? [] {
            if let record = byID[handle], predicate(record) { return record }
        }
        return nil
    }

    /// Files the record under its peer, in creation order (ids grow). The arrays are changed in place: a copy of
    /// one address's list on every new first message would cost a flood from that address its length each time.
    private mutating func index(_ record: Record) {
        let peer = record.remote.address
        if let last = byPeer[peer]?.last, last > record.id,
            let position = byPeer[peer]?.firstIndex(where: { $0 > record.id })
        {
            byPeer[peer]?.insert(record.id, at: position)
        } else {
            byPeer[peer, default: []].append(record.id)
        }
    }

    private mutating func unindex(_ record: Record) {
        let peer = record.remote.address
        byPeer[peer]?.removeAll { $0 == record.id }
        if byPeer[peer]?.isEmpty == true { byPeer[peer] = nil }
    }
}
