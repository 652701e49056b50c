internal import Glibc
public import PFKeyListener
internal import SetKeyCore

/// Applies a setkey file (`spdadd`, `add`, `flush`, …) to an in-memory kernel through the same PF_KEY messages
/// `setkey -f` sends to a real one: the SPD of `raccoon --kernel=memory=FILE` (benchmarks) and of tests.
public enum SetKeyFileLoader {
    /// Why a setkey file could not be loaded.
    public struct LoadError: Error, CustomStringConvertible {
        /// One line per problem: the parse error, or each refused statement (`file:line: command: error`).
        public var description: String
    }

    /// Loads `path` into `kernel`. The replies and broadcasts are read and dropped afterwards, so that a daemon
    /// started on the kernel learns the SPD from its own dump, as it would from a real kernel.
    public static func load(_ path: String, into kernel: any KernelChannel) throws(LoadError) {
        guard let text = readFile(path) else { throw LoadError(description: "\(path): cannot read the file") }
        let statements: [SetKeyStatement]
        do {
            statements = try SetKeyParser.parse(Array(text), file: path)
        } catch {
            throw LoadError(description: "\(error)")
        }
        let session = SetKeySession(
            channel: kernel, options: SetKeyOptions(mode: .script(path: path)),
            output: SetKeyOutput(standard: { _ in }, error: { _ in }), clock: { 0 })
        let failures = session.apply(statements)
        while (try? kernel.receiveBytes()) != nil {}
        if !failures.isEmpty {
            throw LoadError(description: failures.map(\.description).joined(separator: "\n"))
        }
    }

    /// The whole file, or nil if it cannot be opened or read.
    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            bytes += chunk[0..<count]
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}
