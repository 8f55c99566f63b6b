import CairnProgram
import CairnWasm

/// Which function each instruction of a program belongs to, with the names it goes by.
public struct FunctionPlaces: Sendable {
    /// The entry offsets of the defined functions, in order (increasing).
    private let entries: [Int]
    private let entrypoint: Int
    private let names: [[String]]

    /// A function of the program: its index (imports first) and names, the most readable first.
    public struct Function: Sendable, Equatable {
        /// The function index, or nil for the entrypoint (the code instantiation runs).
        public var index: Int?
        /// Name-section name, export names, then `func[N]` (`entrypoint` for the entrypoint).
        public var names: [String]
        /// The program offsets of its code.
        public var code: Range<Int>
    }

    public init(_ program: Program) {
        entries = program.functions.map { Int($0.entry) }
        entrypoint = Int(program.entrypoint.entry)
        var exported: [Int: [String]] = [:]
        for export in program.exports {
            if case .function(let index) = export.descriptor { exported[Int(index), default: []].append(export.name) }
        }
        let imported = program.importedFunctionCount
        names = program.functions.indices.map { defined in
            let index = imported + defined
            let own = program.functionNames[UInt32(index)].map { [$0] } ?? []
            return own + (exported[index] ?? []).filter { !own.contains($0) } + ["func[\(index)]"]
        }
        importedCount = imported
    }

    private let importedCount: Int

    /// The function whose code holds offset `pc`.
    public func function(at pc: Int) -> Function {
        if pc >= entrypoint { return Function(index: nil, names: ["entrypoint"], code: entrypoint..<Int.max) }
        // The last function entry at or before `pc` (binary search).
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] <= pc { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return Function(index: nil, names: ["?"], code: 0..<(entries.first ?? entrypoint)) }
        let end = low < entries.count ? entries[low] : entrypoint
        return Function(index: importedCount + low - 1, names: names[low - 1], code: entries[low - 1]..<end)
    }
}
