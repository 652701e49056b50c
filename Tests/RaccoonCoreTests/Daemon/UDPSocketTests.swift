import Glibc
import Testing
@testable import RaccoonCore
@testable import RaccoonDaemon
import XFRMNetlink

@Suite("UDP sockets")
struct UDPSocketTests {
    @Test("the receive buffer is enlarged to absorb bursts (as root past rmem_max), never below the default")
    func receiveBuffer() throws {
        let socket = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
        defer { socket.close() }
        var size: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        #expect(getsockopt(socket.fileDescriptor, SOL_SOCKET, SO_RCVBUF, &size, &length) == 0)
        // Linux reports twice the size set (the bookkeeping overhead, socket(7)).
        if geteuid() == 0 {
            #expect(Int(size) >= UDPSocket.receiveBufferBytes)
        } else {
            #expect(size > 0)
        }
    }

    @Test("two sockets on loopback exchange datagrams with the right local and remote endpoints")
    func loopbackExchange() throws {
        let a = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
        let b = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
        defer { a.close(); b.close() }
        #expect(a.local.port != 0 && a.local.port != b.local.port)
        #expect(try a.send(Datagram(local: a.local, remote: b.local, bytes: [1, 2, 3])))
        let received = try waitForDatagram(b)
        #expect(received == Datagram(local: b.local, remote: a.local, bytes: [1, 2, 3]))
        // The reply goes back out of b's socket, so it carries b's address as source.
        try b.send(Datagram(local: received.local, remote: received.remote, bytes: [4]))
        #expect(try waitForDatagram(a) == Datagram(local: a.local, remote: b.local, bytes: [4]))
        #expect(try a.receive() == nil)
    }

    @Test("IPv6 loopback works too, and an IPv6 socket does not take IPv4")
    func ipv6Loopback() throws {
        let loopback = IPAddress("::1")!
        let opened = Result { () throws(SocketOpenError) in
            try UDPSocket(binding: Endpoint(address: loopback, port: 0), bypassPolicy: false)
        }
        if case .failure(let error) = opened, [EADDRNOTAVAIL, EAFNOSUPPORT].contains(error.failure.errno) {
            return  // No IPv6 on this host.
        }
        let a = try opened.get()
        let b = try UDPSocket(binding: Endpoint(address: loopback, port: 0), bypassPolicy: false)
        defer { a.close(); b.close() }
        try a.send(Datagram(local: a.local, remote: b.local, bytes: Array(repeating: 7, count: 1400)))
        let received = try waitForDatagram(b)
        #expect(received.remote == a.local)
        #expect(received.bytes.count == 1400)
    }

    @Test("binding a port in use fails with EADDRINUSE and a clear message")
    func portInUse() throws {
        let a = try UDPSocket(binding: Endpoint(address: .v4(127, 0, 0, 1), port: 0), bypassPolicy: false)
        defer { a.close() }
        let error = #expect(throws: SocketOpenError.self) {
            try UDPSocket(binding: a.local, bypassPolicy: false)
        }
        #expect(error?.failure.errno == EADDRINUSE)
        #expect(error?.description.hasPrefix("cannot bind 127.0.0.1[\(a.local.port)]: bind: Address already in use") == true)
    }

    @Test("the bypass policy is accepted with or without PF_KEY: sadb_x_policy, else XFRM's form on IP_XFRM_POLICY")
    func bypassPolicy() throws {
        let endpoint = Endpoint(address: .v4(127, 0, 0, 1), port: 0)
        let socket = try UDPSocket(binding: endpoint, bypassPolicy: true)
        defer { socket.close() }
        // Without af_key the PF_KEY form alone is refused by the real kernel: the XFRM form is what made it work.
        let probe = try UDPSocket(binding: endpoint, bypassPolicy: false)
        defer { probe.close() }
        let pfkeyForm = Result { () throws(SystemCallError) in
            try Posix.setOption(
                probe.fileDescriptor, level: Int32(IPPROTO_IP), IPsecBypassPolicy.ipOption,
                bytes: IPsecBypassPolicy.bytes(.inbound), name: "IP_IPSEC_POLICY")
        }
        if kernelHasPFKey {
            #expect(throws: Never.self) { try pfkeyForm.get() }
        } else {
            #expect(throws: SystemCallError.self) { try pfkeyForm.get() }
            try Posix.setOption(
                probe.fileDescriptor, level: Int32(IPPROTO_IP), IPsecBypassPolicy.ipXFRMOption,
                bytes: XFRMPolicyInfo.socketBypass(inbound: true, ipv6: false), name: "IP_XFRM_POLICY")
        }
    }

    @Test("the bypass policy is a 16-byte struct sadb_x_policy of type BYPASS")
    func bypassBytes() {
        #expect(IPsecBypassPolicy.bytes(.inbound) == [2, 0, 18, 0, 4, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(IPsecBypassPolicy.bytes(.outbound) == [2, 0, 18, 0, 4, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test("the listening plan: listen lines win, else every local address on -p's port")
    func plan() throws {
        var listen = ListenSettingsFixture.empty
        let local: [RaccoonCore.IPAddress] = [.v4(10, 0, 0, 1), RaccoonCore.IPAddress("2001:db8::1")!]
        #expect(IKESocketSet.plan(listen: listen, port: nil, localAddresses: local) == [
            Endpoint(address: .v4(10, 0, 0, 1), port: 500), Endpoint(address: RaccoonCore.IPAddress("2001:db8::1")!, port: 500),
        ])
        #expect(IKESocketSet.plan(listen: listen, port: 7500, localAddresses: local).map(\.port) == [7500, 7500])
        listen = try ListenSettingsFixture.with(["10.0.0.9 [4500]", "10.0.0.8"])
        #expect(IKESocketSet.plan(listen: listen, port: 7500, localAddresses: local) == [
            Endpoint(address: .v4(10, 0, 0, 9), port: 4500), Endpoint(address: .v4(10, 0, 0, 8), port: 500),
        ])
    }

    @Test("-4 and -6 bind only their family's addresses, and leave listen lines as written")
    func planForOneFamily() throws {
        let local: [RaccoonCore.IPAddress] = [
            .v4(10, 0, 0, 1), RaccoonCore.IPAddress("2001:db8::1")!, .v4(127, 0, 0, 1), RaccoonCore.IPAddress("::1")!,
        ]
        let none = ListenSettingsFixture.empty
        #expect(IKESocketSet.plan(listen: none, port: nil, localAddresses: local, family: .inet).map(\.address)
            == [.v4(10, 0, 0, 1), .v4(127, 0, 0, 1)])
        #expect(IKESocketSet.plan(listen: none, port: nil, localAddresses: local, family: .inet6).map(\.address)
            == [RaccoonCore.IPAddress("2001:db8::1")!, RaccoonCore.IPAddress("::1")!])
        #expect(IKESocketSet.plan(listen: none, port: nil, localAddresses: local).count == 4)
        let listen = try ListenSettingsFixture.with(["10.0.0.9", "2001:db8::9"])
        #expect(IKESocketSet.plan(listen: listen, port: nil, localAddresses: local, family: .inet6).count == 2)
    }

    @Test("local addresses include loopback and never IPv6 link-local")
    func localAddresses() throws {
        let addresses = try LocalAddresses.current()
        #expect(addresses.contains(.v4(127, 0, 0, 1)))
        #expect(!addresses.contains { LocalAddresses.isLinkLocal($0) })
        #expect(LocalAddresses.isLinkLocal(IPAddress("fe80::1")!))
        #expect(!LocalAddresses.isLinkLocal(RaccoonCore.IPAddress("2001:db8::1")!))
    }

    @Test("the source address towards a peer comes from the route, with the probe socket's bypass policy in place")
    func sourceTowardPeer() throws {
        // As root the probe socket gets IKE's bypass policy (XFRM's form on a kernel without PF_KEY) before its
        // connect(2); the answer is the one the routing table gives.
        let probes = try [
            LocalAddresses.source(toward: .v4(127, 0, 0, 1)), LocalAddresses.source(toward: .v4(127, 1, 2, 3)),
            LocalAddresses.source(toward: RaccoonCore.IPAddress("::1")!),
        ]
        #expect(probes.map(\.address) == [.v4(127, 0, 0, 1), .v4(127, 0, 0, 1), RaccoonCore.IPAddress("::1")!])
        if geteuid() == 0 {
            #expect(probes.allSatisfy { $0.bypassRefused == nil }, "root may set the policy: \(probes)")
        } else {
            #expect(probes.allSatisfy { $0.bypassRefused?.errno == EPERM })
        }
    }

    private func waitForDatagram(_ socket: UDPSocket) throws -> Datagram {
        var entry = pollfd(fd: socket.fileDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&entry, 1, 2000)
        return try #require(try socket.receive())
    }
}

import ConfParser

/// Builds `ListenSettings` through the real parser.
enum ListenSettingsFixture {
    static let empty = ListenSettings()

    static func with(_ lines: [String]) throws -> ListenSettings {
        let text = "listen {\n" + lines.map { "isakmp \($0);" }.joined(separator: "\n") + "\n}\n"
        return try ConfigurationLoader.load(text: text).configuration.listen
    }
}
