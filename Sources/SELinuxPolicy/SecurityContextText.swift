/// Checks and normalises a security context string before it is compared or handed to C.
enum SecurityContextText {
    /// Longest context accepted, in bytes without the terminating NUL: the kernel limits
    /// contexts to a page (4096 bytes with the NUL).
    static let maximumLength = 4095

    /// Strips trailing NULs (kernels report contexts with one, some with an extra one) and
    /// rejects what cannot be a context: empty text, an embedded NUL (C would silently cut the
    /// string there and check a different context) and over-long text.
    static func normalize(_ context: String) -> Result<String, Rejection> {
        var text = Substring(context)
        while text.last == "\0" { text = text.dropLast() }
        if text.isEmpty { return .failure(.empty) }
        if text.utf8.contains(0) { return .failure(.embeddedNUL) }
        if text.utf8.count > maximumLength { return .failure(.tooLong(text.utf8.count)) }
        return .success(String(text))
    }

    /// Why a context string was rejected before reaching SELinux.
    enum Rejection: Error, Hashable, CustomStringConvertible {
        case empty
        case embeddedNUL
        case tooLong(Int)

        var description: String {
            switch self {
            case .empty: return "empty context"
            case .embeddedNUL: return "context contains a NUL character before its end"
            case .tooLong(let length):
                return "context is \(length) bytes long, more than \(SecurityContextText.maximumLength)"
            }
        }
    }

    /// Decides a `polmatch` with `decide` over both contexts normalized, or refuses with the decision that names the
    /// one that is not a context (both checkers start this way).
    static func withNormalizedPair(
        subject: String, object: String, _ decide: (_ subject: String, _ object: String) -> PolicyDecision
    ) -> PolicyDecision {
        let subjectText: String
        switch normalize(subject) {
        case .success(let text): subjectText = text
        case .failure(let why): return .invalidContext(context: subject, role: .subject, reason: why.description)
        }
        switch normalize(object) {
        case .success(let text): return decide(subjectText, text)
        case .failure(let why): return .invalidContext(context: object, role: .object, reason: why.description)
        }
    }
}
