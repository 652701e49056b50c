/// Decides whether a labeled flow may use a labeled IPsec policy: the SELinux
/// `association:polmatch` check racoon made in `within_range()` (inventory §5.4).
///
/// The engine depends only on this protocol. `LibSELinuxChecker` asks the loaded SELinux
/// policy through libselinux; `StaticPolicyChecker` answers from an in-memory rule table for tests.
public protocol SecurityPolicyChecker: Sendable {
    /// May a flow labeled `subject` use the SPD entry labeled `object`?
    ///
    /// - Parameters:
    ///   - subject: the candidate context, e.g. the ACQUIRE's SEC_CTX on the initiator or the
    ///     peer-proposed context on the responder (`system_u:system_r:kernel_t:s0`).
    ///   - object: the SPD entry's context (`system_u:object_r:ipsec_spd_t:s0`). Unlabeled
    ///     policies need no check: racoon matches them without asking SELinux.
    /// Trailing NUL characters are ignored in both (kernels report contexts with a NUL, some
    /// with two); an embedded NUL, an empty or an over-long context is an invalid context.
    func polmatch(subject: String, object: String) -> PolicyDecision

    /// What the checker knows about the SELinux state; the daemon logs it once at startup.
    func status() -> SELinuxStatus

    /// Whether the loaded policy knows `context` (an SPD entry's, checked at startup and at each SPD change).
    func validate(context: String) -> ContextValidation
}
