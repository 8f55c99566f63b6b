import Foundation

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

    /// Whether a missing folder must fail the run (in CI) rather than skip.
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static func bytes(_ url: URL) throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    static func list(_ url: URL) -> [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }
}
