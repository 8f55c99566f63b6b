import Foundation

/// Monotonic time in nanoseconds.
@inline(__always)
func nowNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Runs `body` and returns how long it took, in nanoseconds.
@inline(__always)
func measure(_ body: () throws -> Void) rethrows -> UInt64 {
    let start = nowNanoseconds()
    try body()
    return nowNanoseconds() - start
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func geometricMean(_ values: [Double]) -> Double {
    let positive = values.filter { $0 > 0 && $0.isFinite }
    guard !positive.isEmpty else { return .nan }
    return exp(positive.map { log($0) }.reduce(0, +) / Double(positive.count))
}

/// A field of /proc/self/status in KiB (VmHWM: peak resident set size; VmRSS: current).
func procStatusKiB(_ field: String) -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        let digits = line.dropFirst(field.count + 1).filter(\.isNumber)
        return Int(digits)
    }
    return nil
}

func formatMiB(_ kib: Int?) -> String {
    guard let kib else { return "n/a" }
    return String(format: "%.1f MiB", Double(kib) / 1024)
}

/// Left- or right-aligned text table.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Columns aligned left (the others are aligned right).
    var leftAligned: Set<Int> = [0]

    func render() -> String {
        let all = [header] + rows
        var widths = [Int](repeating: 0, count: header.count)
        for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ row: [String]) -> String {
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return leftAligned.contains(i) ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}

func fmt(_ v: Double, _ decimals: Int = 2) -> String {
    v.isFinite ? String(format: "%.\(decimals)f", v) : "n/a"
}

/// The 1-minute load average (/proc/loadavg): above the core count, other processes share the
/// machine and timings spread more.
func loadAverage() -> Double? {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
    return text.split(separator: " ").first.flatMap { Double($0) }
}
