/// Sizes and limits of the ISAKMP wire format.
public enum ISAKMPLimits {
    // MARK: - Specification

    /// The ISAKMP header is 28 bytes (RFC 2408 §3.1).
    public static let headerLength = 28
    /// The generic payload header is 4 bytes: Next Payload, RESERVED, Payload Length (RFC 2408 §3.2).
    public static let genericPayloadHeaderLength = 4
    /// Proposal payload fixed part: generic header, Proposal #, Protocol-Id, SPI Size, # of Transforms
    /// (RFC 2408 §3.5).
    public static let proposalHeaderLength = 8
    /// Transform payload fixed part: generic header, Transform #, Transform-Id, RESERVED2 (RFC 2408 §3.6).
    public static let transformHeaderLength = 8
    /// Header lengths above 0xffff are rejected (the CVE-2004-0403 fix; UDP cannot carry more).
    public static let maximumMessageLength = 0xffff

    // MARK: - Implementation

    /// Loop protection for payload chains. A chain is linear in its bytes (each payload consumes at least 4 bytes
    /// and the reader never moves backwards), so a "loop" can only show up as an excessive payload count or a bad
    /// length. 256 is far above any real message (strongSwan's MM1 carries 6, racoon's QM1 at most 9), and caps
    /// the work a 64 KiB datagram of 4-byte payloads could cause.
    public static let maximumPayloadCount = 256
    /// The longest security-context string accepted, NUL included (the kernel allows up to PAGE_SIZE; racoon's
    /// 50-byte limit was an overflow, inventory §5.3).
    public static let maximumSecurityContextLength = 4096
}
