internal import RaccoonCore

/// Following the host's addresses (racoon's `myaddr_sync` on routing-socket messages).
extension RaccoonDaemon {
    /// The rtnetlink socket is readable: if an address came or went, list the addresses again.
    func readAddressChanges() {
        guard let addressChanges else { return }
        do {
            if try addressChanges.drainChanges() { addressesChanged() }
        } catch {
            logger.error("address changes: \(error)")
        }
    }

    /// Lists the host's addresses again and binds exactly the IKE endpoints they give (racoon's `myaddr_sync`
    /// after a routing-socket message): new addresses get a socket, vanished ones lose theirs.
    public func addressesChanged() {
        loop.preconditionInLoop()
        let addresses: [IPAddress]
        do {
            addresses = try environment.localAddresses()
        } catch {
            logger.error("cannot list the local addresses after an address change: \(error)")
            return
        }
        let endpoints = IKESocketSet.plan(
            listen: settings.configuration.listen, port: options.isakmpPort, localAddresses: addresses,
            family: options.addressFamily)
        driver.follow(endpoints: endpoints, bypassPolicy: environment.bypassPolicy)
    }
}
