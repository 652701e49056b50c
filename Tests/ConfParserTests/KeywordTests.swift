import Testing
@testable import ConfParser

/// racoon.conf's keyword enums read their words from one table and print back racoon's spelling.
@Suite struct KeywordTests {
    /// Every case has a word, and that word reads back as the case.
    func everyCaseRoundTrips<T: CaseIterable & CustomStringConvertible>(
        _ table: KeywordTable<T>, _: T.Type
    ) {
        for value in T.allCases {
            #expect(table.word(for: value) == value.description)
            #expect(table[value.description] == value, "\(value)")
        }
    }

    @Test func everyKeywordEnumCaseHasAWordThatReadsBack() {
        everyCaseRoundTrips(ExchangeMode.keywords, ExchangeMode.self)
        everyCaseRoundTrips(HashAlgorithm.keywords, HashAlgorithm.self)
        everyCaseRoundTrips(Phase1EncryptionAlgorithm.keywords, Phase1EncryptionAlgorithm.self)
        everyCaseRoundTrips(IPsecEncryptionAlgorithm.keywords, IPsecEncryptionAlgorithm.self)
        everyCaseRoundTrips(IPsecAuthenticationAlgorithm.keywords, IPsecAuthenticationAlgorithm.self)
        everyCaseRoundTrips(IPCompAlgorithm.keywords, IPCompAlgorithm.self)
        everyCaseRoundTrips(AuthenticationMethod.keywords, AuthenticationMethod.self)
        everyCaseRoundTrips(LogLevel.keywords, LogLevel.self)
    }

    @Test func aliasesReadAsTheirValueAndPrintAsRacoonsName() {
        #expect(Phase1EncryptionAlgorithm.keywords["rijndael"] == .aes)
        #expect(Phase1EncryptionAlgorithm.aes.description == "aes")
        #expect(IPsecEncryptionAlgorithm.keywords["null"] == .null)
        #expect(IPsecEncryptionAlgorithm.null.description == "null_enc")
        #expect(IPsecAuthenticationAlgorithm.keywords["hmac_sha2_256"] == .hmacSHA256)
        #expect(IPsecAuthenticationAlgorithm.hmacSHA256.description == "hmac_sha256")
        #expect(IPsecAuthenticationAlgorithm.none.description == "non_auth")
        #expect(AuthenticationMethod.xauthPSKClient.description == "xauth_psk_client")
        #expect(AuthenticationMethod.gssapiKerberos.description == "gssapi_krb")
    }

    @Test func anUnnamedUpperLayerProtocolPrintsItsNumber() {
        #expect(UpperLayerProtocol.keywords["icmp6"] == .icmp6)
        #expect(UpperLayerProtocol.tcp.description == "tcp")
        #expect(UpperLayerProtocol(rawValue: 132).description == "132")
    }
}
