import Foundation

/// A `.wast` script to run, and the name to show for it.
public struct WastFile: Sendable, Hashable {
    /// Where to read it.
    public var path: String
    /// The name to report: the file name when found in a directory, the path as given otherwise.
    public var displayName: String

    public init(path: String, displayName: String) {
        self.path = path
        self.displayName = displayName
    }
}

/// The scripts found under some paths.
public struct WastFileList: Sendable, Hashable {
    /// The `.wast` files, in order: each path's files sorted by name.
    public var files: [WastFile] = []
    /// Gzipped scripts (`.wast.gz`) that were found and left out: unpack them to run them.
    public var skippedCompressed: [String] = []
}

/// A path that is neither a `.wast` file nor a directory.
public struct WastPathError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

extension SpecTestRunner {
    /// The scripts under `paths`.
    ///
    /// A directory gives its top-level `*.wast` files, sorted by name; subdirectories (such as
    /// `simd/` and `proposals/` of the testsuite) are only read when given themselves. A file is
    /// taken as is. Gzipped scripts (`.wast.gz`) are not handled: they are listed in
    /// ``WastFileList/skippedCompressed``.
    public static func collectFiles(_ paths: [String]) throws(WastPathError) -> WastFileList {
        var list = WastFileList()
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw WastPathError(path: path, reason: "no such file or directory")
            }
            if isDirectory.boolValue {
                let names: [String]
                do {
                    names = try fileManager.contentsOfDirectory(atPath: path).sorted()
                } catch {
                    throw WastPathError(path: path, reason: "cannot list directory: \(error.localizedDescription)")
                }
                let base = URL(fileURLWithPath: path)
                for name in names {
                    let child = base.appendingPathComponent(name).path
                    var childIsDirectory: ObjCBool = false
                    guard fileManager.fileExists(atPath: child, isDirectory: &childIsDirectory), !childIsDirectory.boolValue else {
                        continue
                    }
                    if name.hasSuffix(".wast") {
                        list.files.append(WastFile(path: child, displayName: name))
                    } else if name.hasSuffix(".wast.gz") {
                        list.skippedCompressed.append(child)
                    }
                }
            } else if path.hasSuffix(".wast.gz") {
                list.skippedCompressed.append(path)
            } else {
                list.files.append(WastFile(path: path, displayName: path))
            }
        }
        return list
    }

    /// Where the spec testsuite is: the environment variable `CAIRN_TESTSUITE` if set, else
    /// `../shared/wasm-testsuite` relative to `packageRoot`.
    public static func defaultTestsuitePath(packageRoot: String) -> String {
        if let path = ProcessInfo.processInfo.environment["CAIRN_TESTSUITE"], !path.isEmpty {
            return path
        }
        return URL(fileURLWithPath: packageRoot).appendingPathComponent("../shared/wasm-testsuite").standardizedFileURL.path
    }
}
