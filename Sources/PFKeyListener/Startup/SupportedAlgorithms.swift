/// The algorithms the kernel reported in its SADB_REGISTER replies, per SA type, used to validate the configured
/// phase-2 algorithms at startup.
public struct SupportedAlgorithms: Hashable, Sendable {
    /// SUPPORTED_AUTH per SA type.
    public private(set) var authentication: [SADBSAType: [SADBAlgorithmDescriptor]] = [:]
    /// SUPPORTED_ENCRYPT per SA type.
    public private(set) var encryption: [SADBSAType: [SADBAlgorithmDescriptor]] = [:]

    /// An empty set (nothing registered yet).
    public init() {}

    /// Records the lists of one REGISTER reply (the reply's satype says which SA type they are for).
    public mutating func record(registerReply reply: SADBMessage) {
        if let auth = reply.supportedAuth { authentication[reply.saType] = auth.algorithms }
        if let encrypt = reply.supportedEncrypt { encryption[reply.saType] = encrypt.algorithms }
    }

    /// The kernel's descriptor of an authentication algorithm, or nil.
    public func descriptor(for algorithm: SADBAuthenticationAlgorithm, saType: SADBSAType = .esp) -> SADBAlgorithmDescriptor? {
        authentication[saType]?.first { $0.identifier == algorithm.rawValue }
    }

    /// The kernel's descriptor of an encryption algorithm, or nil.
    public func descriptor(for algorithm: SADBEncryptionAlgorithm, saType: SADBSAType = .esp) -> SADBAlgorithmDescriptor? {
        encryption[saType]?.first { $0.identifier == algorithm.rawValue }
    }

    /// Checks a configured authentication algorithm (and key length in bits, when configured).
    /// `.none` (no authentication) always passes.
    public func validate(
        _ algorithm: SADBAuthenticationAlgorithm, keyBits: Int? = nil, saType: SADBSAType = .esp
    ) throws(UnsupportedAlgorithmError) {
        guard algorithm != .none else { return }
        guard let descriptor = descriptor(for: algorithm, saType: saType) else {
            throw .notSupported(name: algorithm.description, saType: saType)
        }
        try Self.check(keyBits, descriptor, name: algorithm.description)
    }

    /// Checks a configured encryption algorithm (and key length in bits, when configured).
    public func validate(
        _ algorithm: SADBEncryptionAlgorithm, keyBits: Int? = nil, saType: SADBSAType = .esp
    ) throws(UnsupportedAlgorithmError) {
        guard let descriptor = descriptor(for: algorithm, saType: saType) else {
            throw .notSupported(name: algorithm.description, saType: saType)
        }
        try Self.check(keyBits, descriptor, name: algorithm.description)
    }

    private static func check(
        _ keyBits: Int?, _ descriptor: SADBAlgorithmDescriptor, name: String
    ) throws(UnsupportedAlgorithmError) {
        guard let keyBits else { return }
        let range = Int(descriptor.minimumBits)...Int(descriptor.maximumBits)
        guard range.contains(keyBits) else {
            throw .keyLengthOutOfRange(name: name, bits: keyBits, minimum: range.lowerBound, maximum: range.upperBound)
        }
    }
}

/// A configured phase-2 algorithm the kernel cannot use.
public enum UnsupportedAlgorithmError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The algorithm is not in the kernel's REGISTER reply.
    case notSupported(name: String, saType: SADBSAType)
    /// The configured key length is outside the kernel's range.
    case keyLengthOutOfRange(name: String, bits: Int, minimum: Int, maximum: Int)

    /// racoon's wording.
    public var description: String {
        switch self {
        case .notSupported(let name, _):
            "algorithm \(name) not supported by the kernel (missing module?)"
        case .keyLengthOutOfRange(let name, let bits, let minimum, let maximum):
            "key length \(bits) of algorithm \(name) not supported by the kernel (it allows \(minimum) to \(maximum) bits)"
        }
    }
}
