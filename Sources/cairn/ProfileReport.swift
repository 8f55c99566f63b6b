import Cairn
import CairnDebug

/// The text of `cairn run --profile`: the most executed instructions, mnemonics and
/// fall-through pairs of each profiled instance, with counts and shares of all executions.
enum ProfileReport {
    /// The report of `profiles` (one per instance that ran), `rows` lines per table (0: all).
    static func text(_ profiles: [ExecutionProfile], rows: Int) -> String {
        let total = profiles.reduce(0) { $0 &+ $1.total }
        var lines = ["profile: \(total) instructions executed"]
        func share(_ count: UInt64) -> String {
            guard total > 0 else { return "0.00%" }
            let hundredths = count * 10_000 / total
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
        }
        func limited<T>(_ items: [T]) -> ArraySlice<T> { rows > 0 ? items.prefix(rows) : items[...] }
        func row(_ count: UInt64, _ text: String) -> String {
            let number = String(count)
            let percent = share(count)
            return String(repeating: " ", count: max(0, 14 - number.count)) + number
                + String(repeating: " ", count: max(0, 9 - percent.count)) + percent + "  " + text
        }
        for (index, profile) in profiles.enumerated() {
            if profiles.count > 1 { lines.append("instance \(index):") }
            let entries = profile.program.functions.map { Int($0.entry) }
            let hottest = profile.counts.indices.filter { profile.counts[$0] > 0 }.sorted {
                (profile.counts[$0], $1) > (profile.counts[$1], $0)
            }
            lines.append("most executed instructions:")
            for pc in limited(hottest) {
                let place: String
                if pc >= Int(profile.program.entrypoint.entry) {
                    place = "entrypoint"
                } else if let defined = entries.lastIndex(where: { $0 <= pc }) {
                    let index = profile.program.importedFunctionCount + defined
                    place = profile.program.functionNames[UInt32(index)].map { "func[\(index)] \($0)" } ?? "func[\(index)]"
                } else {
                    place = "?"
                }
                lines.append(row(profile.counts[pc], "\(pc): \(profile.program.code[pc].mnemonic)  (\(place))"))
            }
            lines.append("mnemonics:")
            for (mnemonic, count) in limited(profile.mnemonicCounts()) {
                lines.append(row(count, mnemonic))
            }
            lines.append("fall-through pairs (the second reached only from the first):")
            for (first, second, count) in limited(profile.fallThroughPairs()) {
                lines.append(row(count, "\(first) \(second)"))
            }
            lines.append("singles after fused pairs (the third of three runs alone in threaded code):")
            for (first, second, third, count) in limited(profile.singlesAfterPairs()) {
                lines.append(row(count, "\(first) \(second) \(third)"))
            }
        }
        return lines.joined(separator: "\n")
    }
}

extension ProfileReport {
    /// The text of `cairn run --gas-profile`: gas and instructions by function, most own gas
    /// first, `rows` lines (0: all). `gasUsed` is the store's figure, which the profile's
    /// total must equal.
    static func gasText(_ profile: GasProfile, gasUsed: UInt64, rows: Int) -> String {
        let total = profile.totalGas
        var lines = ["gas profile: \(total) gas in \(profile.totalInstructions) instructions (gas used: \(gasUsed))"]
        func share(_ gas: UInt64) -> String {
            guard total > 0 else { return "0.00%" }
            let hundredths = gas * 10_000 / total
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)%"
        }
        func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        lines.append(padded("own gas", 14) + padded("own", 9) + padded("total gas", 14) + padded("total", 9) + padded("instructions", 14) + "  function")
        let functions = profile.byFunction()
        for entry in rows > 0 ? functions.prefix(rows) : functions[...] {
            lines.append(
                padded(String(entry.gas), 14) + padded(share(entry.gas), 9) + padded(String(entry.totalGas), 14)
                    + padded(share(entry.totalGas), 9) + padded(String(entry.instructions), 14) + "  " + entry.function)
        }
        return lines.joined(separator: "\n")
    }
}
