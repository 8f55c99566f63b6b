/// The exit code of a message or an invocation, with ref-fvm's numbers (fvm_shared v4).
///
/// 0...15 are reserved for the VM (actors may not abort with them); 16 and up are the
/// built-in actors' calling convention, and any larger value is an actor-defined code.
/// In DAG-CBOR an exit code is an unsigned integer (a u32).
public struct ExitCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The number.
    public let rawValue: UInt32
    /// The code numbered `rawValue`.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The code numbered `value`.
    public init(_ value: UInt32) { rawValue = value }
    /// The number (ref-fvm's `ExitCode::value()`).
    public var value: UInt32 { rawValue }

    /// Success.
    public static let ok = ExitCode(0)
    /// The message sender does not exist.
    public static let sysSenderInvalid = ExitCode(1)
    /// The sender's nonce did not match, or it could not cover the message's gas.
    public static let sysSenderStateInvalid = ExitCode(2)
    /// The receiver trapped.
    public static let sysIllegalInstruction = ExitCode(4)
    /// The receiver does not exist and cannot be created implicitly.
    public static let sysInvalidReceiver = ExitCode(5)
    /// The sender did not have the funds to transfer.
    public static let sysInsufficientFunds = ExitCode(6)
    /// Execution (with its sub-calls) used more gas than the limit.
    public static let sysOutOfGas = ExitCode(7)
    /// The receiver aborted with a reserved exit code.
    public static let sysIllegalExitCode = ExitCode(9)
    /// An internal VM assertion failed.
    public static let sysAssertionFailed = ExitCode(10)
    /// The actor returned a block handle that does not exist.
    public static let sysMissingReturn = ExitCode(11)

    /// The lowest code an actor may abort with.
    public static let firstUserExitCode: UInt32 = 16

    /// The parameters are invalid.
    public static let usrIllegalArgument = ExitCode(16)
    /// The requested resource does not exist.
    public static let usrNotFound = ExitCode(17)
    /// The operation is forbidden.
    public static let usrForbidden = ExitCode(18)
    /// The actor lacks the funds for the operation.
    public static let usrInsufficientFunds = ExitCode(19)
    /// The actor's state is invalid.
    public static let usrIllegalState = ExitCode(20)
    /// (De)serialisation failed inside the actor.
    public static let usrSerialization = ExitCode(21)
    /// The method is not handled.
    public static let usrUnhandledMessage = ExitCode(22)
    /// Unspecified failure.
    public static let usrUnspecified = ExitCode(23)
    /// A user-level assertion failed.
    public static let usrAssertionFailed = ExitCode(24)
    /// The operation is not allowed in read-only mode.
    public static let usrReadOnly = ExitCode(25)
    /// The method cannot accept a transfer of value.
    public static let usrNotPayable = ExitCode(26)

    /// Whether the code is success.
    public var isSuccess: Bool { rawValue == 0 }
    /// Whether the code is in the VM's reserved range (success included).
    public var isSystemError: Bool { rawValue < Self.firstUserExitCode }

    /// ref-fvm's constant name (`SYS_OUT_OF_GAS`), or nil for codes without one.
    public var name: String? { Self.names[rawValue] }

    private static let names: [UInt32: String] = [
        0: "OK", 1: "SYS_SENDER_INVALID", 2: "SYS_SENDER_STATE_INVALID", 4: "SYS_ILLEGAL_INSTRUCTION",
        5: "SYS_INVALID_RECEIVER", 6: "SYS_INSUFFICIENT_FUNDS", 7: "SYS_OUT_OF_GAS", 9: "SYS_ILLEGAL_EXIT_CODE",
        10: "SYS_ASSERTION_FAILED", 11: "SYS_MISSING_RETURN", 16: "USR_ILLEGAL_ARGUMENT", 17: "USR_NOT_FOUND",
        18: "USR_FORBIDDEN", 19: "USR_INSUFFICIENT_FUNDS", 20: "USR_ILLEGAL_STATE", 21: "USR_SERIALIZATION",
        22: "USR_UNHANDLED_MESSAGE", 23: "USR_UNSPECIFIED", 24: "USR_ASSERTION_FAILED", 25: "USR_READ_ONLY",
        26: "USR_NOT_PAYABLE",
    ]

    /// The number, with the name when there is one: `7 (SYS_OUT_OF_GAS)`.
    public var description: String { name.map { "\(rawValue) (\($0))" } ?? String(rawValue) }
}
