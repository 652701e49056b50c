/// What the daemon reports for SIGUSR1, `show-status` and `show-sa` (JSON with `--json`).
public struct DaemonStatus: Codable, Hashable, Sendable {
    /// The daemon's pid.
    public var pid: Int32
    /// Seconds since startup.
    public var uptimeSeconds: UInt64
    /// The configuration file in force.
    public var configurationPath: String
    /// Configuration reloads that succeeded / failed since startup.
    public var reloads: Int
    /// Failed reload attempts (the previous configuration stayed).
    public var failedReloads: Int
    /// The IKE sockets, `10.0.0.1[500]`.
    public var listening: [String]
    /// Security policies in the SPD mirror.
    public var securityPolicies: Int
    /// The engine's part.
    public var engine: EngineStatus

    /// A status.
    public init(
        pid: Int32, uptimeSeconds: UInt64, configurationPath: String, reloads: Int, failedReloads: Int,
        listening: [String], securityPolicies: Int, engine: EngineStatus
    ) {
        self.pid = pid
        self.uptimeSeconds = uptimeSeconds
        self.configurationPath = configurationPath
        self.reloads = reloads
        self.failedReloads = failedReloads
        self.listening = listening
        self.securityPolicies = securityPolicies
        self.engine = engine
    }

    /// The multi-line summary logged on SIGUSR1 and printed by `raccoonctl show-status`.
    public var summary: String {
        var lines = [
            "raccoon pid \(pid), up \(uptimeSeconds) s, configuration \(configurationPath)"
                + " (reloads: \(reloads) ok, \(failedReloads) failed)",
            "listening: " + (listening.isEmpty ? "none" : listening.joined(separator: " ")),
            "security policies: \(securityPolicies)",
            "ISAKMP SAs: \(engine.isakmpSAs.count) (\(engine.isakmpSAs.filter(\.established).count) established)",
            "IPsec SAs: \(engine.ipsecSAs.count)",
            "pending negotiations: phase 1 \(engine.pendingPhase1), phase 2 \(engine.pendingPhase2)",
        ]
        if let note = engine.note { lines.append(note) }
        return lines.joined(separator: "\n")
    }
}

/// The engine's tables, as the admin socket shows them. Never any key material.
public struct EngineStatus: Codable, Hashable, Sendable {
    /// One phase-1 SA.
    public struct ISAKMPSA: Codable, Hashable, Sendable {
        /// Our endpoint, `10.0.0.1[500]`.
        public var local: String
        /// The peer's endpoint.
        public var remote: String
        /// `icookie:rcookie` in hex.
        public var cookies: String
        /// Whether phase 1 completed.
        public var established: Bool
        /// The exchange (`main`, `aggressive`).
        public var exchange: String
        /// Phase-2 negotiations done under it.
        public var phase2Count: Int
        /// The negotiated transform once established (`3DES/SHA/modp1024/28800s`).
        public var algorithms: String?

        /// A phase-1 SA.
        public init(
            local: String, remote: String, cookies: String, established: Bool, exchange: String, phase2Count: Int,
            algorithms: String? = nil
        ) {
            self.local = local
            self.remote = remote
            self.cookies = cookies
            self.established = established
            self.exchange = exchange
            self.phase2Count = phase2Count
            self.algorithms = algorithms
        }
    }

    /// One IPsec SA Raccoon installed.
    public struct IPsecSA: Codable, Hashable, Sendable {
        /// `esp` or `ah`.
        public var securityProtocol: String
        /// The SA's source address.
        public var source: String
        /// The SA's destination address.
        public var destination: String
        /// The SPI in hex.
        public var spi: String
        /// The SELinux context, when labeled.
        public var securityContext: String?
        /// `transport` or `tunnel`.
        public var mode: String?
        /// `AES128/HMAC-SHA1`.
        public var algorithms: String?
        /// The hard lifetime in seconds.
        public var lifetimeSeconds: UInt32?

        /// An IPsec SA.
        public init(
            securityProtocol: String, source: String, destination: String, spi: String, securityContext: String?,
            mode: String? = nil, algorithms: String? = nil, lifetimeSeconds: UInt32? = nil
        ) {
            self.securityProtocol = securityProtocol
            self.source = source
            self.destination = destination
            self.spi = spi
            self.securityContext = securityContext
            self.mode = mode
            self.algorithms = algorithms
            self.lifetimeSeconds = lifetimeSeconds
        }
    }

    /// Phase-1 SAs, established or negotiating.
    public var isakmpSAs: [ISAKMPSA]
    /// IPsec SAs installed by Raccoon.
    public var ipsecSAs: [IPsecSA]
    /// Phase-1 negotiations in progress.
    public var pendingPhase1: Int
    /// Phase-2 negotiations in progress.
    public var pendingPhase2: Int
    /// A remark for the summary (for example why the tables are empty).
    public var note: String?
    /// Policies in the engine's SPD mirror (kept current by the kernel's SPDADD/SPDDELETE/SPDFLUSH broadcasts).
    public var securityPolicies: Int?

    /// A status.
    public init(
        isakmpSAs: [ISAKMPSA], ipsecSAs: [IPsecSA], pendingPhase1: Int, pendingPhase2: Int, note: String? = nil,
        securityPolicies: Int? = nil
    ) {
        self.isakmpSAs = isakmpSAs
        self.ipsecSAs = ipsecSAs
        self.pendingPhase1 = pendingPhase1
        self.pendingPhase2 = pendingPhase2
        self.note = note
        self.securityPolicies = securityPolicies
    }

    /// Nothing negotiated.
    public static let empty = EngineStatus(isakmpSAs: [], ipsecSAs: [], pendingPhase1: 0, pendingPhase2: 0)

    /// racoonctl-style `show-sa` listing.
    public func listing(_ kind: AdminCommand.SAKind) -> String {
        switch kind {
        case .isakmp:
            let header = "Source               Destination          Cookies                           State"
            func column(_ text: String, _ width: Int) -> String {
                text + String(repeating: " ", count: max(1, width - text.count))
            }
            return ([header] + isakmpSAs.map { sa in
                column(sa.local, 21) + column(sa.remote, 21) + column(sa.cookies, 34)
                    + (sa.established ? "established \(sa.exchange) \(sa.algorithms ?? "")" : "negotiating \(sa.exchange)")
            }).joined(separator: "\n")
        case .esp, .ah, .ipsec:
            let wanted = ipsecSAs.filter { kind == .ipsec || $0.securityProtocol == kind.rawValue }
            guard !wanted.isEmpty else { return "no \(kind == .ipsec ? "IPsec" : kind.rawValue.uppercased()) SA" }
            return wanted.map { sa in
                var line = "\(sa.source) \(sa.destination)\n\t\(sa.securityProtocol)"
                if let mode = sa.mode { line += " mode=\(mode)" }
                line += " spi=0x\(sa.spi)"
                if let algorithms = sa.algorithms { line += " \(algorithms)" }
                if let lifetime = sa.lifetimeSeconds { line += " lifetime=\(lifetime)s" }
                return line + (sa.securityContext.map { "\n\tsecurity context: \"\($0)\"" } ?? "")
            }.joined(separator: "\n")
        }
    }
}
