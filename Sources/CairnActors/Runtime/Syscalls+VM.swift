/// `vm` and `network`: exiting, and what the invocation and the chain are.
extension SyscallBinder {
    mutating func bindVM() {
        // exit(code: u32, blk: u32, message: *u8, message_len: u32) -> !
        bind(.vmExit) { kernel, memory, a throws(SyscallFailure) in
            // An unreadable message is no reason to refuse the exit.
            let bytes = (try? memory.read(a.u32(2), a.u32(3))) ?? Array("(unreadable message)".utf8)
            throw kernel.exit(code: a.u32(0), handle: a.u32(1), message: String(decoding: bytes, as: UTF8.self))
        }
        // message_context(ret: *MessageContext{origin, nonce, caller, receiver, method_number: u64,
        //   value_received, gas_premium: TokenAmount, flags: u64}), 80 bytes
        bind(.vmMessageContext) { kernel, _, _ throws(SyscallFailure) in
            let context = kernel.context
            var out = PackedWriter()
            out.u64(context.origin)
            out.u64(context.nonce)
            out.u64(context.caller)
            out.u64(context.receiver)
            out.u64(context.method)
            out.tokenAmount(context.valueReceived)
            out.tokenAmount(context.gasPremium)
            out.u64(context.readOnly ? 1 : 0)
            return out.bytes
        }
        // context(ret: *NetworkContext{epoch i64, timestamp u64, base_fee TokenAmount, chain_id u64,
        //   network_version u32}), 44 bytes
        bind(.networkContext) { kernel, _, _ throws(SyscallFailure) in
            let network = kernel.machine.network
            var out = PackedWriter()
            out.i64(network.epoch)
            out.u64(network.timestamp)
            out.tokenAmount(network.baseFee)
            out.u64(network.chainID)
            out.u32(network.networkVersion)
            return out.bytes
        }
        // tipset_cid(ret: *u32 len, epoch: i64, buf: *u8, buf_len: u32)
        bind(.networkTipsetCid) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(1), a.u32(2))
            var out = PackedWriter()
            out.u32(try memory.writeCID(try kernel.tipsetCID(a.i64(0)), into: a.u32(1), capacity: a.u32(2)))
            return out.bytes
        }
    }
}
