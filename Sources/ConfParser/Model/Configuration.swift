/// A validated racoon.conf: everything Raccoon needs, typed, with racoon 0.8.2's code defaults.
///
/// Produced by `ConfigurationLoader`. Directives for features Raccoon does not implement are not represented
/// here; the loader reports each one as a `ConfigWarning` (or a `ConfigError` when ignoring it would weaken
/// security).
///
/// Raccoon extension: `security_context_attribute N;` (top level) sets `securityContextAttributeType`, the
/// IPsec DOI SA attribute type that carries the SELinux security context in phase 2. The default, 10, is what
/// racoon uses (IPSECDOI_ATTR_SECCTX; IANA actually assigns 10 to "ECN Tunnel"); libreswan's default is the
/// private-use value 32001. Values are 1 to 32767 (the top bit of the 16-bit type is the AF flag,
/// RFC 2408 §3.3).
///
/// Raccoon extension: `kernel_interface auto|pfkey|xfrm;` (top level) sets `kernelInterface` (docs/kernel.md);
/// `raccoon --kernel=` overrides it.
public struct Configuration: Hashable, Sendable {
    /// `path` settings.
    public var paths = Paths()
    /// `log` (default info).
    public var logLevel: LogLevel = .info
    /// `padding { }`.
    public var padding = PaddingSettings()
    /// `listen { }`.
    public var listen = ListenSettings()
    /// `timer { }`.
    public var timer = TimerSettings()
    /// `pfkey_buffer` in KiB (0: keep the kernel's default; never shrunk).
    public var pfkeyBufferKiB = 0
    /// `kernel_interface` (Raccoon extension; default auto).
    public var kernelInterface: KernelInterface = .automatic
    /// `complex_bundle` (racoon's code default is on; the man page says off).
    public var complexBundle = true
    /// `security_context_attribute` (Raccoon extension; default 10, racoon's value).
    public var securityContextAttributeType: UInt16 = 10
    /// The `remote` blocks, in file order.
    public var remotes: [RemoteConfiguration] = []
    /// The `sainfo` blocks, in file order.
    public var sainfos: [SAInfo] = []

    /// racoon's defaults, with no remote and no sainfo.
    public init() {}
}
