/// A message from the kernel, decoded into what the engine acts on.
///
/// The driver turns every SADB message read from PF_KEY into one of these (`KernelEvent(sadb:ownPID:)`);
/// replies to our own requests carry their `seq` and errno.
public enum KernelEvent: Hashable, Sendable {
    /// The reply to SADB_GETSPI: the SPI the kernel reserved, or an errno.
    case getSPIReply(seq: UInt32, spi: UInt32, errno: Int32)
    /// The reply to SADB_UPDATE.
    case updateReply(seq: UInt32, spi: UInt32, errno: Int32)
    /// The reply to SADB_ADD.
    case addReply(seq: UInt32, spi: UInt32, errno: Int32)
    /// SADB_ACQUIRE: an outbound packet hit an IPsec policy with no SA.
    case acquire(Acquire)
    /// SADB_EXPIRE for an SA, soft or hard.
    case expire(Expire)
    /// SADB_DELETE made by another process (for example `setkey delete`).
    case foreignDelete(securityProtocol: IPsecProtocol, spi: UInt32, source: IPAddress, destination: IPAddress)
    /// SADB_FLUSH made by another process (for example `setkey -F`).
    case flush
    /// SADB_X_SPDADD, SADB_X_SPDUPDATE or an SADB_X_SPDDUMP entry.
    case policyAdded(KernelPolicy)
    /// SADB_X_SPDDELETE or SADB_X_SPDEXPIRE.
    case policyRemoved(id: UInt32)
    /// SADB_X_SPDFLUSH.
    case policiesFlushed

    /// The contents of an SADB_ACQUIRE.
    public struct Acquire: Hashable, Sendable {
        /// The kernel's sequence number, echoed in GETSPI/ADD and in an ACQUIRE with errno.
        public var seq: UInt32
        /// The outbound policy's id (`sadb_x_policy_id`).
        public var policyID: UInt32
        /// ADDRESS_SRC.
        public var source: IPAddress
        /// ADDRESS_DST.
        public var destination: IPAddress
        /// SADB_X_EXT_SEC_CTX, when the flow is labeled.
        public var securityContext: SecurityContext?

        /// An acquire.
        public init(
            seq: UInt32, policyID: UInt32, source: IPAddress, destination: IPAddress,
            securityContext: SecurityContext? = nil
        ) {
            self.seq = seq
            self.policyID = policyID
            self.source = source
            self.destination = destination
            self.securityContext = securityContext
        }
    }

    /// The contents of an SADB_EXPIRE.
    public struct Expire: Hashable, Sendable {
        /// Whether the soft (true) or hard (false) lifetime ran out.
        public var isSoft: Bool
        /// The protocol.
        public var securityProtocol: IPsecProtocol
        /// The SPI.
        public var spi: UInt32
        /// The SA's source.
        public var source: IPAddress
        /// The SA's destination.
        public var destination: IPAddress

        /// An expire.
        public init(isSoft: Bool, securityProtocol: IPsecProtocol, spi: UInt32, source: IPAddress, destination: IPAddress) {
            self.isSoft = isSoft
            self.securityProtocol = securityProtocol
            self.spi = spi
            self.source = source
            self.destination = destination
        }
    }
}
