import CairnMachine

/// Attributes the gas and instructions of traced runs to call stacks (docs/debugging.md,
/// "Gas profiles"): before every instruction, the gas the previous one took goes to the stack
/// it ran in. Install ``hook`` as the store's ``Store/instructionHook``, run, then call
/// ``finish(gasLeft:)``; ``profile`` is the result.
public final class GasProfiler {
    private let store: Store
    /// The call tree: node 0 is the root (no function); every other node is a function called
    /// from its parent's.
    private var parents: [Int] = [-1]
    private var functions: [String] = [""]
    private var children: [[String: Int]] = [[:]]
    private var gas: [UInt64] = [0]
    private var instructions: [UInt64] = [0]
    /// The call-tree node of each frame, outermost first.
    private var stack: [Int] = []
    /// The code of the innermost frame's function, and its instance: an instruction outside it
    /// at the same depth is a new call from the host.
    private var current: (code: Range<Int>, instance: Int) = (0..<0, -1)
    private var last: (node: Int, gas: UInt64)?
    private var places: [Int: FunctionPlaces] = [:]

    public init(store: Store) { self.store = store }

    /// The hook to install as ``Store/instructionHook``.
    public var hook: InstructionHook { { [unowned self] point in self.record(point) } }

    private func record(_ point: InstructionPoint) {
        charge(gasLeft: point.gas)
        if point.depth + 1 != stack.count || !current.code.contains(point.pc) || current.instance != point.instance {
            if point.depth < stack.count { stack.removeLast(stack.count - point.depth) }
            while stack.count < point.depth { stack.append(child(of: stack.last ?? 0, "?")) }
            let function = function(point)
            current = (function.code, point.instance)
            stack.append(child(of: stack.last ?? 0, function.names[0]))
        }
        last = (stack[stack.count - 1], point.gas)
    }

    /// Gives the gas since the last instruction began to that instruction's stack.
    private func charge(gasLeft: UInt64) {
        guard let last else { return }
        gas[last.node] &+= last.gas &- gasLeft
        instructions[last.node] &+= 1
    }

    /// Ends the profile: the last instruction's gas is what is left at the end.
    public func finish(gasLeft: UInt64) {
        charge(gasLeft: gasLeft)
        last = nil
        stack = []
    }

    private func function(_ point: InstructionPoint) -> FunctionPlaces.Function {
        if places[point.instance] == nil { places[point.instance] = FunctionPlaces(store.instance(at: point.instance).program) }
        return places[point.instance]!.function(at: point.pc)
    }

    private func child(of parent: Int, _ function: String) -> Int {
        if let known = children[parent][function] { return known }
        let node = parents.count
        parents.append(parent)
        functions.append(function)
        children.append([:])
        gas.append(0)
        instructions.append(0)
        children[parent][function] = node
        return node
    }

    /// The profile so far.
    public var profile: GasProfile {
        var stacks: [GasProfile.Stack] = []
        for node in 1..<parents.count where gas[node] > 0 || instructions[node] > 0 {
            var path: [String] = []
            var at = node
            while at > 0 {
                path.append(functions[at])
                at = parents[at]
            }
            stacks.append(GasProfile.Stack(functions: path.reversed(), gas: gas[node], instructions: instructions[node]))
        }
        return GasProfile(stacks: stacks.sorted { $0.functions.lexicographicallyPrecedes($1.functions) })
    }
}
