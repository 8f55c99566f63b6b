/// Why a proof was rejected, or why a state could not be stepped.
public struct ProofError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
