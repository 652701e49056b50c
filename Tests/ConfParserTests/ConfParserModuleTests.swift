import Testing
@testable import ConfParser

@Test func moduleLinks() {}
