/// A diagnostic about a place in racoon.conf, psk.txt or setkey input: a stable code, where, and a sentence for
/// people.
///
/// It prints as compilers print theirs, `file:line:column: error: message`, so editors can jump to the spot. Two
/// diagnostics are equal when their code and location are: the wording is for people, so tests compare codes and
/// locations, never text.
public protocol SourceDiagnostic: Hashable, CustomStringConvertible {
    /// The stable kind of diagnostic, for tests and tooling.
    associatedtype Code: Hashable
    /// The word printed after the location (`error`, `warning`), or nil to print the message right after it.
    static var severity: String? { get }
    /// What kind of problem this is.
    var code: Code { get }
    /// Where it is.
    var location: SourceLocation { get }
    /// A sentence for people.
    var message: String { get }
}

extension SourceDiagnostic {
    /// `file:line:column: severity: message`, or `file:line:column: message` without a severity.
    public var description: String {
        guard let severity = Self.severity else { return "\(location): \(message)" }
        return "\(location): \(severity): \(message)"
    }

    /// Equality on `code` and `location` only.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.location == rhs.location
    }

    /// Hashes `code` and `location` only.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(location)
    }
}
