/// The `send` operation: a synchronous call of another actor.
extension Kernel {
    /// What a send gives back to the caller: the callee's exit code and its return block,
    /// opened in the caller's registry (handle 0 when it returned nothing).
    struct SendOutcome {
        var exitCode: ExitCode
        var returnHandle: UInt32
        var returnCodec: UInt64
        var returnSize: UInt32
    }

    /// Sends `value` and `method` with the parameters block `paramsHandle` (0 for none) to
    /// `recipient`, giving the callee at most `gasLimit` gas (`UInt64.max`: no limit of its
    /// own), read-only when `readOnly` or when this invocation is.
    func send(
        to recipient: Address, method: UInt64, paramsHandle: UInt32, value: TokenAmount, gasLimit: UInt64, readOnly: Bool
    ) throws(SyscallFailure) -> SendOutcome {
        let params = paramsHandle == BlockRegistry.noBlock ? nil : try blocks.get(paramsHandle)
        let (milligas, overflow) = gasLimit.multipliedReportingOverflow(by: GasProfile.milligasPerGas)
        let limit: UInt64? = overflow ? nil : milligas
        let exit = try calls.send(
            from: actorID, to: recipient, method: method, params: params, value: value, gasLimit: limit,
            readOnly: readOnly || context.readOnly)
        guard let block = exit.returnBlock else {
            return SendOutcome(exitCode: exit.exitCode, returnHandle: BlockRegistry.noBlock, returnCodec: 0, returnSize: 0)
        }
        let handle = try receive(block)
        return SendOutcome(exitCode: exit.exitCode, returnHandle: handle, returnCodec: block.codec, returnSize: UInt32(block.data.count))
    }
}
