#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
internal import Musl
#endif

/// Renders times as setkey's `str_time()` does: the 20 characters of `ctime()` after the weekday
/// (`"Nov 15 15:39:03 2006"`), or 20 spaces for 0.
public struct LocalTime: Sendable {
    /// Seconds east of UTC to apply; `nil` means the process's local time zone (`localtime_r`).
    public var utcOffsetSeconds: Int?

    /// The process's local time zone.
    public static let system = LocalTime(utcOffsetSeconds: nil)
    /// UTC (tests).
    public static let utc = LocalTime(utcOffsetSeconds: 0)

    /// Creates a renderer.
    public init(utcOffsetSeconds: Int?) { self.utcOffsetSeconds = utcOffsetSeconds }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `str_time(t)`.
    public func render(_ seconds: UInt64) -> String {
        guard seconds != 0 else { return String(repeating: " ", count: 20) }
        guard seconds <= UInt64(Int.max / 2) else { return String(repeating: "?", count: 20) }
        var t = time_t(seconds)
        if let offset = utcOffsetSeconds { t += time_t(offset) }
        var parts = tm()
        let ok = utcOffsetSeconds == nil ? localtime_r(&t, &parts) != nil : gmtime_r(&t, &parts) != nil
        guard ok, (0..<12).contains(Int(parts.tm_mon)) else { return String(repeating: "?", count: 20) }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let day = CFormat.right(String(parts.tm_mday), width: 2)
        let year = CFormat.left(String(Int(parts.tm_year) + 1900), width: 4)
        let text = "\(Self.months[Int(parts.tm_mon)]) \(day) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) \(year)"
        return String(text.prefix(20))
    }
}
