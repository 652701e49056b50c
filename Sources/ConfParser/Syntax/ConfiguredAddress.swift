@_exported public import IPAddressing

extension IPAddress {
    /// A numeric address as racoon.conf writes it: IPAddressing's text and, for IPv6, an optional zone
    /// (`fe80::1%eth0`). The zone is accepted, as racoon accepted it, and not kept: Raccoon binds and matches
    /// link-local addresses without one (racoon.conf(5)).
    init?(configurationText text: some StringProtocol) {
        guard let percent = text.firstIndex(of: "%") else {
            self.init(text)
            return
        }
        let host = text[..<percent]
        guard host.contains(":"), text.index(after: percent) < text.endIndex else { return nil }
        self.init(host)
    }
}
