import CairnIPLD

/// `actor`: other actors, addresses, code, creation.
extension SyscallBinder {
    mutating func bindActor() {
        // resolve_address(ret: *u64 id, addr: *u8, addr_len: u32)
        bind(.actorResolveAddress) { kernel, memory, a throws(SyscallFailure) in
            let address = try Self.address(memory, a.u32(0), a.u32(1))
            var out = PackedWriter()
            out.u64(try kernel.resolveAddress(address))
            return out.bytes
        }
        // lookup_delegated_address(ret: *u32 len, actor_id: u64, buf: *u8, buf_len: u32)
        bind(.actorLookupDelegatedAddress) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(1), a.u32(2))
            let bytes = try kernel.lookupDelegatedAddress(a.u64(0))?.bytes ?? []
            try memory.write(bytes, into: a.u32(1), capacity: a.u32(2))
            var out = PackedWriter()
            out.u32(UInt32(bytes.count))
            return out.bytes
        }
        // get_actor_code_cid(ret: *u32 len, actor_id: u64, buf: *u8, buf_len: u32)
        bind(.actorGetActorCodeCid) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(1), a.u32(2))
            var out = PackedWriter()
            out.u32(try memory.writeCID(try kernel.actorCode(a.u64(0)), into: a.u32(1), capacity: a.u32(2)))
            return out.bytes
        }
        // next_actor_address(ret: *u32 len, buf: *u8, buf_len: u32)
        bind(.actorNextActorAddress) { kernel, memory, a throws(SyscallFailure) in
            let bytes = try kernel.nextActorAddress().bytes
            try memory.write(bytes, into: a.u32(0), capacity: a.u32(1))
            var out = PackedWriter()
            out.u32(UInt32(bytes.count))
            return out.bytes
        }
        // create_actor(actor_id: u64, code_cid: *u8, delegated_addr: *u8, delegated_addr_len: u32)
        bind(.actorCreateActor) { kernel, memory, a throws(SyscallFailure) in
            let code = try memory.readCID(a.u32(1))
            let delegated = a.u32(3) == 0 ? nil : try Self.address(memory, a.u32(2), a.u32(3))
            try kernel.createActor(id: a.u64(0), code: code, delegatedAddress: delegated)
            return []
        }
        // get_builtin_actor_type(ret: *i32 type, code_cid: *u8)
        bind(.actorGetBuiltinActorType) { kernel, memory, a throws(SyscallFailure) in
            var out = PackedWriter()
            out.u32(UInt32(bitPattern: kernel.builtinType(try memory.readCID(a.u32(0)))))
            return out.bytes
        }
        // get_code_cid_for_type(ret: *u32 len, type: i32, buf: *u8, buf_len: u32)
        bind(.actorGetCodeCidForType) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(1), a.u32(2))
            var out = PackedWriter()
            out.u32(try memory.writeCID(try kernel.codeForType(a.i32(0)), into: a.u32(1), capacity: a.u32(2)))
            return out.bytes
        }
        // balance_of(ret: *TokenAmount, actor_id: u64)
        bind(.actorBalanceOf) { kernel, _, a throws(SyscallFailure) in
            var out = PackedWriter()
            out.tokenAmount(try kernel.balance(of: a.u64(0)))
            return out.bytes
        }
    }

    /// The address in `offset..<offset+length`: `illegalArgument` when outside memory or malformed.
    static func address(_ memory: GuestMemory, _ offset: UInt32, _ length: UInt32) throws(SyscallFailure) -> Address {
        let bytes = try memory.read(offset, length)
        guard let address = try? Address(bytes: bytes) else { throw ErrorNumber.illegalArgument.failure }
        return address
    }
}
