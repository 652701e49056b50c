import Testing
@testable import PFKeyListener

@Test func moduleLinks() {}
