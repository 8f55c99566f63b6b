import CairnHash
import CairnVerifier

/// The complete state of a task machine: registers and every tree, with incremental hashing.
///
/// It is the stepper's state (``step()``), the prover's (``prove()``), and what the fast machine
/// exports into. ``copy()`` makes a checkpoint.
public final class TaskState: StateAccess {
    public var registers: Registers
    var trees: [TreeStore]

    /// The initial state of `program` with `input` and a gas limit: the entrypoint about to run.
    public init(program: TaskProgram, input: [UInt8], gas: UInt64) {
        registers = Registers()
        registers.pc = program.program.entrypoint.entry
        registers.gas = gas
        registers.inputLength = UInt64(input.count)
        trees = (0..<16).map { TreeStore(Tree(rawValue: UInt8($0)) ?? .aux) }
        trees[Int(Tree.code.rawValue)] = program.codeTree
        trees[Int(Tree.program.rawValue)] = program.programTree
        for c in stride(from: 0, to: input.count, by: 32) {
            trees[Int(Tree.input.rawValue)].set(UInt64(c / 32), Leaf(bytes: input[c..<min(c + 32, input.count)]))
        }
    }

    private init(copying other: TaskState) {
        registers = other.registers
        trees = other.trees
    }

    /// An independent copy (a checkpoint); the trees are shared until either side writes.
    public func copy() -> TaskState { TaskState(copying: self) }

    public func read(_ tree: Tree, _ index: UInt64) -> Leaf { trees[Int(tree.rawValue)].leaf(index) }

    public func write(_ tree: Tree, _ index: UInt64, _ leaf: Leaf) {
        trees[Int(tree.rawValue)].set(index, leaf)
    }

    /// The root of `tree`, rehashing what changed since it was last taken.
    public func root(_ tree: Tree) -> Digest { trees[Int(tree.rawValue)].root() }

    /// The state hash (docs/proofs.md, "State commitment").
    public func stateHash() -> Digest {
        let rest = StateRoots.hashRest(StateRoots.rest.map { root($0) })
        return CairnVerifier.stateHash(registers, code: root(.code), slots: root(.slots), memory: root(.memory), rest: rest)
    }

    /// Takes one step (nothing once halted or trapped).
    public func step() {
        var access = self
        // A concrete state has every leaf, so a step cannot fail to read one.
        try! TaskStep.step(&access)
    }

    /// Takes steps until `steps` have been taken in all or the machine stops.
    public func run(toStep steps: UInt64) {
        while registers.status == .running, registers.steps < steps { step() }
    }

    /// Whether the machine has halted or trapped.
    public var isStopped: Bool { registers.status != .running }

    /// The output written so far.
    public var output: [UInt8] {
        let length = Int(registers.outputLength)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(length)
        var index: UInt64 = 0
        while bytes.count < length {
            let leaf = read(.output, index)
            bytes.append(contentsOf: leaf.bytes.prefix(length - bytes.count))
            index += 1
        }
        return bytes
    }

    /// Leaves of `tree` that are not zero, by index (to restore a state into a machine).
    public func nonZeroLeaves(_ tree: Tree) -> [UInt64: Leaf] { trees[Int(tree.rawValue)].leaves }

    func proof(_ tree: Tree, _ indices: [UInt64]) -> MultiProof { trees[Int(tree.rawValue)].proof(indices) }
}
