/// The words a configuration language uses for a closed set of values, both ways: the parser looks a word up, and a
/// value prints back as its word. racoon.conf's algorithm, method, mode and level names (cftoken.l) and setkey's
/// words (setkey(8), ipsec_set_policy(3)) are such tables.
///
/// The table keeps the order it was written in. Where several words name one value (racoon's `aes` and `rijndael`,
/// `null_enc` and `null`), the first is the one printed back. A word may appear only once. Tables are small (a
/// handful to a few dozen words), so both directions search the entries in order: no hashing, one allocation;
/// the members are inlinable so that each parser gets them specialized for its value type.
///
/// ```swift
/// static let keywords: KeywordTable<HashAlgorithm> = ["md5": .md5, "sha1": .sha1]
/// HashAlgorithm.keywords["sha1"]          // .sha1
/// HashAlgorithm.keywords.word(for: .md5)  // "md5"
/// ```
public struct KeywordTable<Value: Equatable & Sendable>: Sendable, ExpressibleByDictionaryLiteral {
    /// Every word and its value, in the order written.
    public let entries: [(word: String, value: Value)]

    /// A table of `entries`, in that order; each word must be unique.
    @inlinable
    public init(_ entries: [(word: String, value: Value)]) {
        for (index, entry) in entries.enumerated() {
            precondition(!entries[..<index].contains { $0.word == entry.word }, "'\(entry.word)' appears twice")
        }
        self.entries = entries
    }

    /// A table written as a dictionary literal, keeping the literal's order.
    @inlinable
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements.map { (word: $0.0, value: $0.1) })
    }

    /// The value `word` names, or nil when the language has no such word.
    @inlinable
    public subscript(word: String) -> Value? {
        entries.first { $0.word == word }?.value
    }

    /// The word printed for `value`: the first word written for it, or nil when no word names it.
    @inlinable
    public func word(for value: Value) -> String? {
        entries.first { $0.value == value }?.word
    }

    /// Every word, in the order written.
    @inlinable
    public var words: [String] { entries.map(\.word) }
}

extension KeywordTable where Value: CaseIterable & RawRepresentable, Value.RawValue == String {
    /// The table whose words are the raw values of `Value`'s cases, in declaration order.
    @inlinable
    public init(rawValuesOf _: Value.Type) {
        self.init(Value.allCases.map { (word: $0.rawValue, value: $0) })
    }
}
