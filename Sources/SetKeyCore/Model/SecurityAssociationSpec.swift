/// Everything an `add` or `getspi` statement says about one SA.
public struct SecurityAssociationSpec: Sendable, Equatable {
    /// Source end point (port only with `esp-udp`).
    public var source: Endpoint
    /// Destination end point.
    public var destination: Endpoint
    /// Protocol word.
    public var proto: SAProtocol
    /// SPI (host order; sent in network order).
    public var spi: UInt32
    /// `-m -r -u -f -lh -ls -bh -bs -ctx`.
    public var extensions: SAExtensions
    /// `-E/-A/-C`; `nil` for `getspi`.
    public var algorithms: SAAlgorithms?

    /// Creates a spec.
    public init(
        source: Endpoint, destination: Endpoint, proto: SAProtocol, spi: UInt32,
        extensions: SAExtensions = SAExtensions(), algorithms: SAAlgorithms?
    ) {
        self.source = source
        self.destination = destination
        self.proto = proto
        self.spi = spi
        self.extensions = extensions
        self.algorithms = algorithms
    }
}
