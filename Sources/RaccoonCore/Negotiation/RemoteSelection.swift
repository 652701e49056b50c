/// Finds the `remote` block for a peer: racoon's `enumrmconf` / `rmconf_match_type`.
///
/// An address match beats `anonymous`; among equally specific candidates the first in file order that also passes
/// `accepts` wins. racoon treats an ambiguous tie as no match; Raccoon takes file order, because a duplicate address
/// block is rejected by the configuration parser already.
enum RemoteSelection {
    /// The best remote block for `peer` that passes `accepts`, or `nil`.
    static func select(
        for peer: IPAddress, among remotes: [RemotePolicy], accepts: (RemotePolicy) -> Bool = { _ in true }
    ) -> RemotePolicy? {
        let exact = remotes.filter { $0.address == peer && accepts($0) }
        if let first = exact.first { return first }
        return remotes.first { $0.address == nil && accepts($0) }
    }
}

/// Finds the `sainfo` for a Quick Mode: racoon's `getsainfo`, exact ID matching in priority order.
enum SAInfoSelection {
    /// The sainfo for the given local and remote IDs (nil when the exchange carries no IDs) and `ph1id`.
    static func select(
        local: ClientSelector?, remote: ClientSelector?, phase1ID: UInt32, among saInfos: [SAInfoPolicy]
    ) -> SAInfoPolicy? {
        // Stable sort by priority, highest first, keeping file order among equals.
        let ordered = saInfos.enumerated().sorted { lhs, rhs in
            lhs.element.priority != rhs.element.priority
                ? lhs.element.priority > rhs.element.priority : lhs.offset < rhs.offset
        }.map(\.element)
        for info in ordered {
            if let remoteID = info.remoteID, remoteID != phase1ID { continue }
            if matches(info.local, local), matches(info.remote, remote) { return info }
        }
        return nil
    }

    private static func matches(_ selector: SAInfoPolicy.Selector, _ id: ClientSelector?) -> Bool {
        switch selector {
        case .anonymous: return true
        case .network(let wanted): return id == wanted
        }
    }
}
