// The fuzz targets' corpora and crashers as the ordinary test suites replay them (each module's
// *FuzzRegressionTests), read from the source tree.
import Foundation

/// One file of a corpus or crasher folder.
public struct FuzzCorpusFile: Sendable {
    /// The path from the repository root, e.g. `Fuzz/corpus/psk/seed-psk.txt.example`.
    public let name: String
    /// The file's bytes.
    public let bytes: [UInt8]
}

/// Reads the files `scripts/fuzz.sh` keeps in `Fuzz/corpus/TARGET` and `Fuzz/crashers/TARGET`.
public enum FuzzCorpus {
    /// The repository root: this file is `Fuzz/FuzzCorpus/FuzzCorpus.swift`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every file of `target`'s corpus, then of its crashers, each folder in name order (hidden files skipped).
    public static func inputs(of target: String) -> [FuzzCorpusFile] {
        files(in: ["Fuzz/corpus/\(target)", "Fuzz/crashers/\(target)"])
    }

    /// Every file in `folders` (paths from the repository root), in order, each folder in name order.
    public static func files(in folders: [String]) -> [FuzzCorpusFile] {
        var files: [FuzzCorpusFile] = []
        for folder in folders {
            let directory = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                if let data = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path) {
                    files.append(FuzzCorpusFile(name: "\(folder)/\(name)", bytes: [UInt8](data)))
                }
            }
        }
        return files
    }
}
