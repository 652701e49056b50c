internal import Foundation
internal import SetKeyCore

extension InMemoryKernel {
    /// Why a setkey file could not be loaded into the in-memory kernel.
    public struct SetKeyLoadError: Error, CustomStringConvertible {
        /// One line per problem: the parse error, or each refused statement (`file:line: command: error`).
        public var description: String
    }

    /// Applies a setkey file (`spdadd`, `add`, `flush`, …) to this kernel through the same PF_KEY messages
    /// `setkey -f` sends to a real one: the SPD of `raccoon --kernel=memory=FILE` (benchmarks).
    public func load(setKeyFile path: String) throws(SetKeyLoadError) {
        guard let text = FileManager.default.contents(atPath: path) else {
            throw SetKeyLoadError(description: "\(path): cannot read the file")
        }
        let statements: [SetKeyStatement]
        do {
            statements = try SetKeyParser.parse(Array(text), file: path)
        } catch {
            throw SetKeyLoadError(description: "\(error)")
        }
        let session = SetKeySession(
            channel: self, options: SetKeyOptions(mode: .script(path: path)),
            output: SetKeyOutput(standard: { _ in }, error: { _ in }), clock: { 0 })
        let failures = session.apply(statements)
        // The replies stay queued for a reader; the daemon must not take them for its own.
        while (try? receiveBytes()) != nil {}
        if !failures.isEmpty {
            throw SetKeyLoadError(description: failures.map(\.description).joined(separator: "\n"))
        }
    }
}
