/// Appends host-byte-order PF_KEY fields (RFC 2367 §2).
typealias SADBWriter = FixedLayoutWriter

extension FixedLayoutWriter {
    /// Pads with zeros to the next 8-byte boundary (`PFKEY_ALIGN8`).
    mutating func padToWord() { align(to: SADBConstants.wordSize) }

    /// Writes an extension: the `sadb_ext` header, the body written by `body`, zero padding to 8 bytes, and the
    /// length in 64-bit words patched into the header (RFC 2367 §2.2).
    mutating func writeExtension(type: UInt16, _ body: (inout SADBWriter) -> Void) {
        let start = bytes.count
        write(UInt16(0))
        write(type)
        body(&self)
        padToWord()
        let words = (bytes.count - start) / SADBConstants.wordSize
        precondition(words <= Int(UInt16.max), "PF_KEY extension \(type) longer than sadb_ext_len can describe")
        patch(UInt16(words), at: start)
    }
}
