import CairnWasm

/// A run that stopped abnormally: the kind, and a message for people.
public struct Trap: Error, Sendable, CustomStringConvertible {
    /// Why the run stopped.
    public var kind: TrapKind
    /// Extra detail (for host errors and argument mismatches); empty otherwise.
    public var detail: String

    /// A trap of `kind`, with `detail` for people.
    public init(_ kind: TrapKind, detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    /// The kind's message, then the detail if any.
    public var description: String {
        detail.isEmpty ? kind.description : "\(kind.description): \(detail)"
    }
}

/// Why instantiation failed.
public enum InstantiationError: Error, Sendable, CustomStringConvertible {
    /// An import is missing or has the wrong type (the spec's "unlinkable").
    case unlinkable(String)
    /// Initialisation trapped: an active segment out of bounds, or the start function (the
    /// spec's "uninstantiable"). What was written before the trap stays written.
    case trap(Trap)
    /// A machine limit (memory pages, table size) would be exceeded.
    case limitExceeded(String)

    /// One line: what failed and why.
    public var description: String {
        switch self {
        case .unlinkable(let message): "unlinkable: \(message)"
        case .trap(let trap): "trap during instantiation: \(trap)"
        case .limitExceeded(let message): "limit exceeded: \(message)"
        }
    }
}
