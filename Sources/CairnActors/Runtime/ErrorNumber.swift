/// The error numbers a syscall returns to the actor: the ABI's (actors/abi/syscalls.json,
/// generated as ``SyscallErrorNumber``), ref-fvm's `ErrorNumber`. A syscall that fails because
/// of what the actor passed returns one as its `i32` status and leaves the actor running.
public typealias ErrorNumber = SyscallErrorNumber

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
