import Testing
@testable import IKECrypto

@Test func moduleLinks() {}
