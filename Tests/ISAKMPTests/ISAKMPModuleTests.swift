import Testing
@testable import ISAKMP

@Test func moduleLinks() {}
