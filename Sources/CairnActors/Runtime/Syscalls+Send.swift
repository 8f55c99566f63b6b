/// `send`: calling another actor.
extension SyscallBinder {
    /// The send flag that makes the callee read-only.
    static let readOnlyFlag: UInt64 = 1

    mutating func bindSend() {
        // send(ret: *Send{exit_code u32, return_id u32, return_codec u64, return_size u32},
        //   recipient: *u8, recipient_len: u32, method: u64, params: u32, value_hi: u64, value_lo: u64,
        //   gas_limit: u64, flags: u64)
        bind(.sendSend) { kernel, memory, a throws(SyscallFailure) in
            let recipient = try Self.address(memory, a.u32(0), a.u32(1))
            guard a.u64(7) & ~Self.readOnlyFlag == 0 else { throw ErrorNumber.illegalArgument.failure }
            let outcome = try kernel.send(
                to: recipient, method: a.u64(2), paramsHandle: a.u32(3),
                value: TokenAmountWords.join(lo: a.u64(5), hi: a.u64(4)), gasLimit: a.u64(6),
                readOnly: a.u64(7) & Self.readOnlyFlag != 0)
            var out = PackedWriter()
            out.u32(outcome.exitCode.rawValue)
            out.u32(outcome.returnHandle)
            out.u64(outcome.returnCodec)
            out.u32(outcome.returnSize)
            return out.bytes
        }
    }
}
