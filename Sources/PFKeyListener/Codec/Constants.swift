// Numbers from <linux/pfkeyv2.h>, <linux/ipsec.h> and <linux/xfrm.h> (Linux 6.x UAPI), which extend RFC 2367.

/// Protocol constants of PF_KEY v2 as Linux defines them.
package enum SADBConstants {
    // MARK: - Specification (RFC 2367 §2, Linux <linux/pfkeyv2.h>)

    /// `PF_KEY_V2`: the only protocol version (`sadb_msg_version`).
    static let version: UInt8 = 2
    /// `sizeof(struct sadb_msg)`.
    static let messageHeaderSize = 16
    /// `sizeof(struct sadb_ext)`: the length/type pair at the start of every extension.
    static let extensionHeaderSize = 4
    /// RFC 2367 §2.2: every length is counted in 64-bit words.
    static let wordSize = 8
    /// Largest message the 16-bit `sadb_msg_len` can describe, in bytes.
    package static let maximumMessageSize = Int(UInt16.max) * 8

    /// `sizeof(struct sockaddr_in)`.
    static let sockaddrIPv4Size = 16
    /// `sizeof(struct sockaddr_in6)`.
    static let sockaddrIPv6Size = 28
    /// `AF_INET` on Linux.
    static let familyIPv4: UInt16 = 2
    /// `AF_INET6` on Linux.
    static let familyIPv6: UInt16 = 10

    /// `XFRM_SC_DOI_LSM` / `XFRM_SC_ALG_SELINUX`: the only values Linux accepts in a security context.
    static let securityContextLSM: UInt8 = 1

    // MARK: - Implementation

    /// The largest security context Raccoon accepts, counting the NUL. Linux limits contexts to `PAGE_SIZE`
    /// (4096 on x86-64); racoon's fixed 50-byte buffer overflowed on longer ones (inventory §5.3).
    package static let maximumSecurityContextLength = 4096
}
