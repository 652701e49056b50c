internal import RaccoonCore

/// One engine timer of one virtual host: the key of the load generator's `TimerQueue` (RaccoonCore's heap, shared
/// with the daemon's scheduler).
struct HostTimer: Hashable, Sendable {
    var host: Int
    var timer: TimerID
}
