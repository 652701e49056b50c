/// Which key lengths (in bits) an algorithm accepts, after setkey(8)'s algorithm tables.
public enum KeyLengthRule: Sendable, Hashable {
    /// No key at all (`null`).
    case none
    /// Exactly these lengths.
    case oneOf([Int])
    /// Any multiple of 8 within the range.
    case range(ClosedRange<Int>)

    /// Whether `bits` is acceptable.
    public func accepts(_ bits: Int) -> Bool {
        switch self {
        case .none: return bits == 0
        case .oneOf(let lengths): return lengths.contains(bits)
        case .range(let range): return range.contains(bits)
        }
    }

    /// "192", "128, 192 or 256", "40 to 448".
    public var description: String {
        switch self {
        case .none: return "no key"
        case .oneOf(let lengths):
            let names = lengths.map(String.init)
            guard names.count > 1, let last = names.last else { return names.first ?? "" }
            return names.dropLast().joined(separator: ", ") + " or " + last
        case .range(let range): return "\(range.lowerBound) to \(range.upperBound)"
        }
    }
}
