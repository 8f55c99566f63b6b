/// Gas used by one message, in milligas, against its limit and the limits of nested sends.
///
/// A send may give its callee less gas than is left (its `gasLimit`); the callee then runs
/// against the lower of the two. Running out of a nested limit ends that call only (the caller
/// sees `SYS_OUT_OF_GAS` and may go on); running out of the message's limit ends the message.
public final class GasTracker {
    /// The message's limit, in milligas.
    public let messageLimit: UInt64
    /// Milligas used so far by the message.
    public private(set) var used: UInt64 = 0
    /// The limit now in force: the lowest of the message's and every active send's.
    public private(set) var limit: UInt64

    /// A tracker for a message of `limit` milligas.
    public init(limit: UInt64) {
        self.messageLimit = limit
        self.limit = limit
    }

    /// Milligas left under the limit in force.
    public var available: UInt64 { limit &- used }

    /// Pays `milligas`, or uses everything left and throws when it is short.
    public func charge(_ milligas: UInt64) throws(OutOfGas) {
        guard milligas <= available else {
            used = limit
            throw OutOfGas()
        }
        used &+= milligas
    }

    /// Uses everything left under the limit in force (a run that ran out of gas).
    public func exhaust() { used = max(used, limit) }

    /// Runs `body` under a limit of at most `milligas` more (none when nil), restoring the
    /// outer limit after it.
    public func withSubLimit<T, E: Error>(_ milligas: UInt64?, _ body: () throws(E) -> T) throws(E) -> T {
        let outer = limit
        if let milligas, milligas < available { limit = used &+ milligas }
        defer { limit = outer }
        return try body()
    }
}

/// Gas ran out.
public struct OutOfGas: Error, Sendable {}
