import Foundation
import Testing

/// Locates the test data beside the project (`../shared/ipld/...`) or through `CAIRN_SHARED`.
enum SharedData {
    /// The `shared/ipld` folder, or nil when it is missing outside CI.
    static var ipldRoot: URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["CAIRN_SHARED"] {
            candidates.append(URL(fileURLWithPath: env).appendingPathComponent("ipld"))
        }
        // The package root is three levels above this file (Tests/CairnIPLDTests/SharedData.swift).
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent("../shared/ipld").standardized)
        candidates.append(URL(fileURLWithPath: fm.currentDirectoryPath).appendingPathComponent("../shared/ipld").standardized)
        return candidates.first { fm.fileExists(atPath: $0.path) }
    }

    /// Whether a missing folder must fail the run (in CI: `CI` set, not `0` or `false`) rather
    /// than skip.
    static var required: Bool {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }

    /// Whether the tests that read `shared/ipld` run: when it is there, and always in CI, where
    /// a missing folder fails them.
    static var runsFixtureTests: Bool { ipldRoot != nil || required }

    /// The one line a skipped fixture test prints: what is missing and where it comes from.
    static let missingMessage: Comment = """
        IPLD fixtures not found: put ipld/codec-fixtures (github.com/ipld/codec-fixtures @ bf8ab059) \
        and go-car's testdata as car/ (github.com/ipld/go-car @ d891b59c) in ../shared/ipld, or set CAIRN_SHARED
        """

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    static func list(_ url: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
