public import RaccoonCore
internal import Glibc

/// The daemon's clock: `CLOCK_MONOTONIC`, which never jumps with the wall clock (racoon's "Monotonic clock"
/// build option). It stamps every engine event and converts timer instants to Dispatch deadlines.
public enum MonotonicClock {
    /// The current instant.
    public static func now() -> MonotonicInstant {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return MonotonicInstant(nanoseconds: UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec))
    }
}
