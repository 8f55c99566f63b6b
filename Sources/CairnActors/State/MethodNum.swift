/// A method number (u64): which entry point of the receiving actor a message invokes.
public typealias MethodNum = UInt64

/// An actor ID: the number of an f0 address, the key of the state tree.
public typealias ActorID = UInt64

/// The method numbers every actor shares.
public enum Method {
    /// A plain value transfer: no code runs (fvm_shared `METHOD_SEND`).
    public static let send: MethodNum = 0
    /// The constructor, invoked once when an actor is created (`METHOD_CONSTRUCTOR`).
    public static let constructor: MethodNum = 1
}
