import Testing

@testable import SourceText

/// The ordered word table that racoon.conf's and setkey's parsers look words up in and print values back from.
@Suite struct KeywordTableTests {
    enum Cipher: Hashable, Sendable { case aes, tripleDES, null }

    static let ciphers: KeywordTable<Cipher> = ["aes": .aes, "3des": .tripleDES, "rijndael": .aes, "null_enc": .null]

    @Test func wordsLookUpTheirValues() {
        #expect(Self.ciphers["aes"] == .aes)
        #expect(Self.ciphers["rijndael"] == .aes)
        #expect(Self.ciphers["3des"] == .tripleDES)
        #expect(Self.ciphers["des"] == nil)
        #expect(Self.ciphers["AES"] == nil, "words are case-sensitive, as in racoon's lexer")
    }

    @Test func aValuePrintsAsItsFirstWord() {
        #expect(Self.ciphers.word(for: .aes) == "aes")
        #expect(Self.ciphers.word(for: .null) == "null_enc")
        let reordered: KeywordTable<Cipher> = ["rijndael": .aes, "aes": .aes]
        #expect(reordered.word(for: .aes) == "rijndael")
        #expect(reordered.word(for: .null) == nil)
    }

    @Test func theTableKeepsTheOrderWritten() {
        #expect(Self.ciphers.words == ["aes", "3des", "rijndael", "null_enc"])
        #expect(Self.ciphers.entries.map(\.value) == [.aes, .tripleDES, .aes, .null])
    }

    enum Check: String, CaseIterable, Hashable, Sendable { case obey, strict, claim, exact }

    @Test func rawValuesOfACaseIterableEnumAreItsWords() {
        let table = KeywordTable(rawValuesOf: Check.self)
        #expect(table.words == ["obey", "strict", "claim", "exact"])
        #expect(table["claim"] == .claim)
        #expect(table.word(for: .exact) == "exact")
    }
}
