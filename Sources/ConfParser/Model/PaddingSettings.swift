/// The `padding { … }` block: how ISAKMP encryption padding is generated and checked (values are racoon's
/// defaults).
public struct PaddingSettings: Hashable, Sendable {
    /// `randomize`: random pad bytes (on).
    public var randomize = true
    /// `randomize_length`: random pad length (off).
    public var randomizeLength = false
    /// `maximum_length`: upper bound for a random pad length (20).
    public var maximumLength = 20
    /// `exclusive_tail`: the last pad byte holds the pad length minus one (on).
    public var exclusiveTail = true
    /// `strict_check`: reject peers whose padding breaks these rules (off).
    public var strictCheck = false

    /// racoon's defaults.
    public init() {}
}
