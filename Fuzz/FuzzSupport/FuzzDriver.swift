// The entry point every fuzz target shares. Built with -sanitize=fuzzer,address -DLIBFUZZER (scripts/fuzz.sh) it
// hands control to libFuzzer; in an ordinary `swift build` it replays the files named on the command line, which is
// how a saved crasher is reproduced in a debugger.
#if canImport(Glibc)
    import Glibc
#endif

/// The property check of the running target. Set once by `FuzzDriver.run` before libFuzzer or the replay starts,
/// and only read afterwards, from libFuzzer's single fuzzing thread.
nonisolated(unsafe) private var currentTarget: (([UInt8]) -> Void)?

/// libFuzzer's callback: one input per call. A violated property traps, which libFuzzer reports as a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, let target = currentTarget else { return 0 }
    target(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if LIBFUZZER
    /// libFuzzer's driver (compiler-rt `FuzzerDriver.cpp`). SwiftPM links every executable with its own entry point,
    /// so libFuzzer's `main` is not used; `FuzzDriver.run` calls the driver instead.
    @_silgen_name("LLVMFuzzerRunDriver")
    private func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#endif

/// Runs a fuzz target: `target` receives each input and traps when a property does not hold.
public enum FuzzDriver {
    /// Starts libFuzzer with the command-line arguments (fuzzing build), or replays each file named on the
    /// command line (ordinary build). Never returns.
    public static func run(_ target: @escaping ([UInt8]) -> Void) -> Never {
        currentTarget = target
        #if LIBFUZZER
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(llvmFuzzerRunDriver(&argc, &argv, llvmFuzzerTestOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                guard let bytes = readFile(path) else {
                    print("cannot open \(path)")
                    exit(2)
                }
                target(bytes)
                print("ok \(path) (\(bytes.count) bytes)")
            }
            exit(0)
        #endif
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return bytes
    }
}
