/// A group of measurements that prints its own figures.
///
/// Benchmarks are programs, not tests: they print what they measured and never fail on a time.
/// Run one with `swift run -c release raccoon-bench NAME`, or all with no argument.
protocol BenchmarkSuite {
    /// The short name used on the command line (`conf`, `isakmp`, `crypto`, `sadb`, …).
    static var name: String { get }
    /// One line saying what the suite measures.
    static var summary: String { get }
    /// Runs the measurements and prints a table of figures to standard output.
    static func run() throws
}
