/// Loads racoon.conf: reads the file, follows `include`s, parses, validates, and returns a `LoadedConfiguration`.
///
/// ```swift
/// let loaded = try ConfigurationLoader.load(path: "/etc/racoon/racoon.conf")
/// for warning in loaded.warnings { print(warning) }   // file:line:column: warning: …
/// let remotes = loaded.configuration.remotes
/// ```
///
/// `include "pattern";` is expanded with `glob(3)` in sorted order. Relative patterns are resolved against the
/// `path include` in effect at that point (racoon has no default; Raccoon refuses a relative include before any
/// `path include` instead of building a bogus path). Includes nest at most `maximumIncludeDepth` deep, and a
/// file that includes itself, directly or indirectly, is an error.
public enum ConfigurationLoader {
    /// How deep `include` may nest (racoon's limit).
    public static let maximumIncludeDepth = 10
    /// The largest configuration file accepted.
    public static let maximumFileSize = 64 << 20

    /// Loads the configuration file at `path` and everything it includes.
    public static func load(path: String) throws(ConfigError) -> LoadedConfiguration {
        let bytes: [UInt8]
        do {
            bytes = try FileAccess.read(path, maximumSize: maximumFileSize) { _ in }
        } catch {
            throw ConfigError(.fileUnreadable, at: .wholeFile(path), message: "\(path) \(error.message)")
        }
        var session = Session()
        try session.process(bytes: bytes, file: path, canonical: FileAccess.canonicalPath(path) ?? path, depth: 0)
        let (configuration, warnings) = session.builder.finish(mainFile: path)
        return LoadedConfiguration(configuration: configuration, warnings: warnings, files: session.files)
    }

    /// Loads configuration text that is not in a file; `fileName` is used in locations. Includes are read from
    /// the file system as usual.
    public static func load(text: String, fileName: String = "<string>") throws(ConfigError) -> LoadedConfiguration {
        var session = Session()
        try session.process(bytes: Array(text.utf8), file: fileName, canonical: nil, depth: 0)
        let (configuration, warnings) = session.builder.finish(mainFile: fileName)
        return LoadedConfiguration(configuration: configuration, warnings: warnings, files: session.files)
    }

    private struct Session {
        var builder = ConfigurationBuilder()
        var files: [String] = []
        /// Canonical paths of the files being processed, outermost first (for cycle detection).
        var stack: [String] = []

        mutating func process(bytes: [UInt8], file: String, canonical: String?, depth: Int) throws(ConfigError) {
            files.append(file)
            if let canonical { stack.append(canonical) }
            defer { if canonical != nil { stack.removeLast() } }
            var parser = try Parser(bytes: bytes, file: file)
            while let statement = try parser.nextTopLevelStatement() {
                if statement.keyword.text == "include" {
                    try include(statement, file: file, depth: depth)
                } else {
                    try builder.apply(statement, file: file)
                }
            }
        }

        private mutating func include(_ statement: Statement, file: String, depth: Int) throws(ConfigError) {
            let (pattern, patternLocation) = try ConfigurationBuilder.includePattern(statement, file: file)
            let keywordLocation = statement.keyword.location(in: file)
            let fullPattern: String
            if pattern.hasPrefix("/") {
                fullPattern = pattern
            } else if let directory = builder.configuration.paths.include {
                fullPattern = directory.hasSuffix("/") ? directory + pattern : directory + "/" + pattern
            } else {
                throw ConfigError(.relativeIncludeWithoutPath, at: patternLocation, found: "\"\(pattern)\"",
                                  expected: "an absolute path, or a 'path include' before this line",
                                  message: "relative include \"\(pattern)\" but no 'path include' is set above it")
            }
            guard depth < ConfigurationLoader.maximumIncludeDepth else {
                throw ConfigError(.includeDepthExceeded, at: keywordLocation, found: "include",
                                  message: "includes nest more than \(ConfigurationLoader.maximumIncludeDepth) deep")
            }
            let matches: [String]
            do {
                matches = try FileAccess.glob(fullPattern)
            } catch {
                throw ConfigError(.includeNotFound, at: patternLocation, found: "\"\(pattern)\"",
                                  message: "\(fullPattern): \(error.message)")
            }
            guard !matches.isEmpty else {
                throw ConfigError(.includeNotFound, at: patternLocation, found: "\"\(pattern)\"",
                                  message: "include file \(fullPattern) not found")
            }
            for match in matches {
                let canonical = FileAccess.canonicalPath(match) ?? match
                if stack.contains(canonical) {
                    let chain = (stack + [canonical]).joined(separator: " -> ")
                    throw ConfigError(.includeCycle, at: keywordLocation, found: "include",
                                      message: "include cycle: \(chain)")
                }
                let bytes: [UInt8]
                do {
                    bytes = try FileAccess.read(match, maximumSize: ConfigurationLoader.maximumFileSize) { _ in }
                } catch {
                    throw ConfigError(.fileUnreadable, at: patternLocation, found: "\"\(pattern)\"",
                                      message: "included file \(match) \(error.message)")
                }
                try process(bytes: bytes, file: match, canonical: canonical, depth: depth + 1)
            }
        }
    }
}
