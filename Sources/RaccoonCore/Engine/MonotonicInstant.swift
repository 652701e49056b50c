/// A point on the daemon's monotonic clock, in nanoseconds since an arbitrary origin.
///
/// The engine never reads a clock: the driver stamps every event with `now`, and timers are armed at instants.
/// Tests drive a manual clock, so time-dependent behaviour is deterministic.
public struct MonotonicInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the clock's origin.
    public var nanoseconds: UInt64

    /// The instant `nanoseconds` after the clock's origin.
    public init(nanoseconds: UInt64) {
        self.nanoseconds = nanoseconds
    }

    /// The clock's origin.
    public static let zero = MonotonicInstant(nanoseconds: 0)

    /// The instant `seconds` after the origin.
    public static func seconds(_ seconds: UInt64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: seconds &* 1_000_000_000)
    }

    /// This instant moved forward by `duration` (saturating; negative durations move backwards, not below zero).
    public func advanced(by duration: Duration) -> MonotonicInstant {
        let (seconds, attoseconds) = duration.components
        let delta = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        if delta >= 0 {
            let (sum, overflow) = nanoseconds.addingReportingOverflow(UInt64(delta))
            return MonotonicInstant(nanoseconds: overflow ? .max : sum)
        }
        let magnitude = UInt64(-delta)
        return MonotonicInstant(nanoseconds: nanoseconds > magnitude ? nanoseconds - magnitude : 0)
    }

    /// The duration from `other` to this instant (negative when `other` is later).
    public func duration(since other: MonotonicInstant) -> Duration {
        if nanoseconds >= other.nanoseconds {
            return .nanoseconds(Int64(clamping: nanoseconds - other.nanoseconds))
        }
        return .nanoseconds(-Int64(clamping: other.nanoseconds - nanoseconds))
    }

    public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool {
        lhs.nanoseconds < rhs.nanoseconds
    }

    public static func + (lhs: MonotonicInstant, rhs: Duration) -> MonotonicInstant {
        lhs.advanced(by: rhs)
    }

    public var description: String {
        let seconds = nanoseconds / 1_000_000_000
        let millis = (nanoseconds / 1_000_000) % 1000
        return "t+\(seconds).\(String(millis + 1000).dropFirst())s"
    }
}
