@testable import RaccoonCore
import Testing

@Suite("Record table")
struct RecordTableTests {
    final class Record: PeerRecord {
        let id: UInt64
        let remote: Endpoint
        init(_ id: UInt64, _ peer: String) {
            self.id = id
            self.remote = Endpoint(address: IPAddress(peer)!, port: 500)
        }
    }

    @Test("records are found by handle and by peer, oldest first, and removal unfiles them from both")
    func byHandleAndPeer() {
        var table = RecordTable<Record>()
        for (id, peer) in [(3, "10.0.0.1"), (1, "10.0.0.1"), (2, "10.0.0.2"), (7, "10.0.0.1"), (5, "2001:db8::1")] {
            table[UInt64(id)] = Record(UInt64(id), peer)
        }
        #expect(table.count == 5)
        #expect(table.records(with: IPAddress("10.0.0.1")!).map(\.id) == [1, 3, 7])
        #expect(table.records(with: IPAddress("2001:db8::1")!).map(\.id) == [5])
        #expect(table.records(with: IPAddress("10.0.0.9")!).isEmpty)
        #expect(table.oldestFirst.map(\.id) == [1, 2, 3, 5, 7])
        // Filing the same record again does not index it twice.
        table[3] = table[3]
        #expect(table.records(with: IPAddress("10.0.0.1")!).map(\.id) == [1, 3, 7])
        table[3] = nil
        table[2] = nil
        table[99] = nil
        #expect(table[3] == nil)
        #expect(table.count == 3)
        #expect(table.records(with: IPAddress("10.0.0.1")!).map(\.id) == [1, 7])
        #expect(table.records(with: IPAddress("10.0.0.2")!).isEmpty)
    }

    @Test("the oldest record with a peer that satisfies a condition, and none when no record does")
    func oldestWithCondition() {
        var table = RecordTable<Record>()
        for (id, peer) in [(4, "10.0.0.1"), (2, "10.0.0.1"), (6, "10.0.0.1"), (3, "10.0.0.2")] {
            table[UInt64(id)] = Record(UInt64(id), peer)
        }
        let peer = IPAddress("10.0.0.1")!
        #expect(table.oldestRecord(with: peer) { _ in true }?.id == 2)
        #expect(table.oldestRecord(with: peer) { $0.id > 2 }?.id == 4)
        #expect(table.oldestRecord(with: peer) { $0.id > 6 } == nil)
        #expect(table.oldestRecord(with: IPAddress("10.0.0.9")!) { _ in true } == nil)
        table[2] = nil
        #expect(table.oldestRecord(with: peer) { _ in true }?.id == 4)
    }
}
