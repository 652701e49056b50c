import Testing
@testable import RaccoonCore

@Test func moduleLinks() {}
