import Testing
@testable import SetKeyCore

@Test func moduleLinks() {}
