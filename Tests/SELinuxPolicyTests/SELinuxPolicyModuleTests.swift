import Testing
@testable import SELinuxPolicy

@Test func moduleLinks() {}
