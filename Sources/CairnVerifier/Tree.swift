/// The trees of a task machine's state. Each has a fixed depth, so a proof of one leaf always
/// has the same shape, and its own hash domain, so that no node of one tree can pass for a node
/// of another (see docs/proofs.md).
public enum Tree: UInt8, CaseIterable, Sendable {
    /// The task program's instructions, one per leaf: length byte, canonical encoding.
    case code = 1
    /// The task program's other data, in regions (``ProgramRegion``).
    case program = 2
    /// Value slots, four 64-bit slots per leaf.
    case slots = 3
    /// Call frames, one per leaf: return pc, caller's frame base.
    case frames = 4
    /// Linear memory, 32 bytes per leaf, for the whole 4 GiB address space.
    case memory = 5
    /// Globals, one per leaf.
    case globals = 6
    /// Table elements, one per leaf, at `table << 24 | element`.
    case tables = 7
    /// Input bytes, 32 per leaf.
    case input = 8
    /// Output bytes, 32 per leaf.
    case output = 9
    /// Mutable bookkeeping: dropped segments and table sizes (``AuxRegion``).
    case aux = 10

    /// Levels between a leaf and the root.
    public var depth: Int {
        switch self {
        case .code: 24
        case .program: 48
        case .slots: 18
        case .frames: 14
        case .memory: 27
        case .globals: 20
        case .tables: 32
        case .input, .output: 27
        case .aux: 16
        }
    }

    /// Number of leaves.
    public var capacity: UInt64 { 1 << UInt64(depth) }
}

/// Regions of the program tree: leaf index = region << 40 | index.
public enum ProgramRegion: UInt64, Sendable {
    /// Leaf 0: the memory's maximum pages and the number of functions; leaf 6: dynamic gas
    /// prices.
    case config = 0
    /// One leaf per function of the function index space (``FunctionRecord``).
    case functions = 1
    /// One leaf per type: parameter count, result count, canonical type id.
    case types = 2
    /// `br_table` targets, eight 32-bit targets per leaf.
    case brTable = 3
    /// Data segment bytes at `segment << 28 | chunk`, 32 bytes per leaf.
    case dataBytes = 4
    /// One leaf per data segment: its length.
    case dataInfo = 5
    /// Element segment items at `segment << 28 | item / 4`, four references per leaf.
    case elementItems = 6
    /// One leaf per element segment: its length.
    case elementInfo = 7
    /// One leaf per table: its effective maximum size.
    case tableInfo = 8

    /// Leaves in one region.
    public static let capacity: UInt64 = 1 << 40

    /// The leaf index of `index` in this region; `index` must be below ``capacity`` (the step
    /// function checks it, `TaskProgram` checks every region's size).
    @inlinable
    public func leaf(_ index: UInt64) -> UInt64 { rawValue << 40 | index }
}

/// Regions of the aux tree: leaf index = region << 12 | index.
public enum AuxRegion: UInt64, Sendable {
    /// Word 0 is 1 when data segment `index` was dropped.
    case droppedData = 0
    /// Word 0 is 1 when element segment `index` was dropped.
    case droppedElements = 1
    /// Word 0 is the size of table `index`.
    case tableSize = 2

    /// Leaves in one region.
    public static let capacity: UInt64 = 1 << 12

    /// The leaf index of `index` in this region; `index` must be below ``capacity`` (tables
    /// and segments are checked against 256 and 4,096 before use).
    @inlinable
    public func leaf(_ index: UInt64) -> UInt64 { rawValue << 12 | index }
}

/// The host functions a task may import from module `task`, by the id their function records
/// carry.
public enum TaskHostFunction: UInt64, CaseIterable, Sendable {
    /// `input_size() -> i32`: the input's length in bytes.
    case inputSize = 0
    /// `input_read(offset: i32, ptr: i32, len: i32) -> i32`: copies up to `len` input bytes
    /// from `offset` to memory at `ptr`; returns how many.
    case inputRead = 1
    /// `output_write(ptr: i32, len: i32)`: appends `len` bytes of memory at `ptr` to the output.
    case outputWrite = 2

    /// The import name in module `task`.
    public var name: String {
        switch self {
        case .inputSize: "input_size"
        case .inputRead: "input_read"
        case .outputWrite: "output_write"
        }
    }
}
