/// A setkey command, as setkey(8) of ipsec-tools 0.8 defines them.
public enum SetKeyCommand: Sendable, Equatable {
    /// `add src dst proto spi [extensions] algorithms ;` (SADB_ADD).
    case add(SecurityAssociationSpec)
    /// `getspi src dst proto spi [extensions] ;` (SADB_GETSPI): a larval SA.
    case getSPI(SecurityAssociationSpec)
    /// `get src dst proto spi ;` (SADB_GET).
    case get(SecurityAssociationID)
    /// `delete src dst proto spi ;` (SADB_DELETE).
    case delete(SecurityAssociationID)
    /// `deleteall src dst proto ;`: on Linux a DUMP, then one SADB_DELETE per matching SPI.
    case deleteAll(source: ScopedAddress, destination: ScopedAddress, satype: SAType)
    /// `flush [proto] ;` (SADB_FLUSH).
    case flush(SAType)
    /// `dump [proto] ;` (SADB_DUMP).
    case dump(SAType)
    /// `spdadd selector [-ctx] -P policy ;` (SADB_X_SPDADD).
    case spdAdd(PolicyEntry)
    /// `spdupdate selector [-ctx] -P policy ;` (SADB_X_SPDUPDATE).
    case spdUpdate(PolicyEntry)
    /// `spddelete selector [-ctx] -P direction ;` (SADB_X_SPDDELETE).
    case spdDelete(PolicyEntry)
    /// `spdflush ;` (SADB_X_SPDFLUSH).
    case spdFlush
    /// `spddump ;` (SADB_X_SPDDUMP).
    case spdDump
    /// `exit ;`, `quit ;` or `bye ;`: stop reading input.
    case exit
}
