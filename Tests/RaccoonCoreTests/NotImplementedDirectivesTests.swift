import ConfParser
import Testing

@testable import RaccoonCore

/// A message that says "not implemented" must be true: every directive the parser reports as not implemented leaves
/// the engine's configuration exactly as it is without the directive, so the engine cannot act on it. A directive
/// the engine did act on would change that configuration and fail here.
@Suite("Directives reported as not implemented change nothing in the engine")
struct NotImplementedDirectivesTests {
    /// Where a directive goes in the base configuration.
    enum Section { case global, remote, sainfo }

    /// Every directive for which ConfigurationBuilder says "not implemented" (or "not supported … ignored").
    static let cases: [(Section, String)] = [
        (.global, #"privsep { user "racoon"; group "racoon"; }"#),
        (.global, "mode_cfg { }"),
        (.global, "ldapcfg { }"),
        (.global, "radiuscfg { }"),
        (.global, "gss_id_enc latin1;"),
        (.global, "listen { isakmp_natt 10.0.0.1 [4500]; }"),
        (.global, "timer { natt_keepalive 10 sec; }"),
        (.remote, #"certificate_type x509 "cert.pem" "key.pem";"#),
        (.remote, #"peers_certfile x509 "peer.pem";"#),
        (.remote, #"ca_type x509 "ca.pem";"#),
        (.remote, "verify_cert on;"),
        (.remote, "send_cert on;"),
        (.remote, "send_cr on;"),
        (.remote, "match_empty_cr on;"),
        (.remote, #"xauth_login "user";"#),
        (.remote, "support_proxy on;"),
        (.remote, "mode_cfg on;"),
        (.remote, "weak_phase1_check on;"),
        (.remote, "nat_traversal on;"),
        (.remote, "ike_frag on;"),
        (.remote, "esp_frag 552;"),
        (.remote, #"script "/etc/racoon/up.sh" phase1_up;"#),
        (.remote, "generate_policy on;"),
        (.remote, "dpd off;"),
        (.remote, "exchange_mode main, base;"),
    ]

    static func configuration(adding directive: String? = nil, to section: Section = .global) -> String {
        func line(_ here: Section) -> String { section == here ? (directive ?? "") : "" }
        return """
            path pre_shared_key "/etc/racoon/psk.txt";
            \(line(.global))
            remote anonymous {
                exchange_mode main;
                \(line(.remote))
                proposal { encryption_algorithm aes; hash_algorithm sha1; authentication_method pre_shared_key; dh_group 2; }
            }
            sainfo anonymous {
                encryption_algorithm aes;
                authentication_algorithm hmac_sha1;
                compression_algorithm deflate;
                \(line(.sainfo))
            }
            """
    }

    /// What the engine receives, in a form two configurations can be compared by (the keys are left out).
    static func engineView(_ text: String) throws -> (view: String, warnings: [String]) {
        let loaded = try ConfigurationLoader.load(text: text)
        let engine = try EngineConfiguration(loaded.configuration, preSharedKeys: PreSharedKeyFile.parse(contents: [], path: "psk.txt"))
        let view = [
            "\(engine.remotes)", "\(engine.saInfos)", "\(engine.retransmission)", "\(engine.phase1Wait)",
            "\(engine.phase2Wait)", "\(engine.securityContextAttributeType)", "\(engine.maximumHalfOpenPhase1)",
            "\(engine.maximumHalfOpenPhase1PerPeer)", "\(String(describing: engine.listen))", "\(engine.isakmpPort)",
        ].joined(separator: "\n")
        return (view, loaded.warnings.map(\.message))
    }

    @Test(arguments: cases.indices)
    func directiveIsReportedAndChangesNothing(_ index: Int) throws {
        let (section, directive) = Self.cases[index]
        let base = try Self.engineView(Self.configuration())
        let with = try Self.engineView(Self.configuration(adding: directive, to: section))
        #expect(base.warnings.isEmpty, "the base configuration warns: \(base.warnings)")
        #expect(
            with.warnings.contains { $0.contains("not implemented") || $0.contains("not supported") },
            "'\(directive)' is not reported as not implemented: \(with.warnings)")
        #expect(with.view == base.view, "'\(directive)' is reported as not implemented but changes the engine's configuration")
    }

    /// The positive control: directives the engine does implement change its configuration and are not reported.
    @Test(arguments: [
        (Section.remote, "dpd_delay 30;"), (.remote, "passive on;"), (.remote, "nonce_size 32;"),
        (.global, "timer { counter 7; }"), (.sainfo, "pfs_group 2;"), (.remote, "exchange_mode aggressive;"),
    ] as [(Section, String)])
    func implementedDirectivesChangeTheEngine(_ section: Section, _ directive: String) throws {
        let base = try Self.engineView(Self.configuration())
        let with = try Self.engineView(Self.configuration(adding: directive, to: section))
        #expect(with.warnings.allSatisfy { !$0.contains("not implemented") }, "\(with.warnings)")
        #expect(with.view != base.view, "'\(directive)' should reach the engine")
    }
}
