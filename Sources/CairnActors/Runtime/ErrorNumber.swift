/// The error numbers a syscall returns to the actor (ref-fvm's `fvm_shared::error::ErrorNumber`).
///
/// A syscall that fails because of what the actor passed returns one of these as its `i32`
/// result and leaves the actor running; 0 is success.
public enum ErrorNumber: UInt32, Error, Sendable, CaseIterable {
    /// A bad argument: a pointer or length outside memory, a malformed address, a bad value.
    case illegalArgument = 1
    /// The actor may not do this, or not now.
    case illegalOperation = 2
    /// A limit would be exceeded (call depth, block size, memory).
    case limitExceeded = 3
    /// An assertion of the runtime failed.
    case assertionFailed = 4
    /// The actor does not have the funds.
    case insufficientFunds = 5
    /// Something named does not exist (an actor, a block).
    case notFound = 6
    /// No block is open under that handle.
    case invalidHandle = 7
    /// A CID that cannot be parsed, or names something the actor cannot use.
    case illegalCid = 8
    /// A codec the operation does not accept.
    case illegalCodec = 9
    /// Data that does not decode.
    case serialization = 10
    /// The operation is not allowed for this actor.
    case forbidden = 11
    /// The output buffer is too small for the result.
    case bufferTooSmall = 12
    /// The invocation is read-only and the operation would change state.
    case readOnly = 13
}

/// How a syscall's host side stops: an error number for the actor, or the end of the invocation.
enum SyscallFailure: Error {
    /// Return this error number to the actor, which keeps running.
    case errorNumber(ErrorNumber)
    /// Gas ran out: the invocation ends with `SYS_OUT_OF_GAS`.
    case outOfGas
    /// The actor called `vm.exit`: the invocation ends with this exit.
    case exit(InvocationExit)
    /// The runtime cannot go on (a broken store): the message fails with `SYS_ASSERTION_FAILED`.
    case fatal(String)
}

extension ErrorNumber {
    /// This error as a syscall failure.
    var failure: SyscallFailure { .errorNumber(self) }
}
