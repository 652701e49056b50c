// The standard library's `Array.withUnsafeBytes` and `withUnsafeMutableBytes` are `rethrows`, which erases a
// typed error to `any Error`. These wrappers keep `IKECryptoError` typed by passing the outcome out as a Result.

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` that keeps the thrown error typed.
    func withBytes<R>(
        _ body: (UnsafeRawBufferPointer) throws(IKECryptoError) -> R
    ) throws(IKECryptoError) -> R {
        try withUnsafeBytes { buffer in Result { () throws(IKECryptoError) in try body(buffer) } }.get()
    }

    /// `withUnsafeMutableBytes` that keeps the thrown error typed.
    mutating func withMutableBytes<R>(
        _ body: (UnsafeMutableRawBufferPointer) throws(IKECryptoError) -> R
    ) throws(IKECryptoError) -> R {
        try withUnsafeMutableBytes { buffer in Result { () throws(IKECryptoError) in try body(buffer) } }.get()
    }
}
