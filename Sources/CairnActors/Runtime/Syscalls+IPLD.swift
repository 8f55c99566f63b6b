import CairnIPLD

/// `ipld` and `self`: blocks and the actor's own state.
extension SyscallBinder {
    mutating func bindIPLD() {
        // block_open(ret: *IpldOpen{codec u64, id u32, size u32}, cid: *u8)
        bind(.ipldBlockOpen) { kernel, memory, a throws(SyscallFailure) in
            let (handle, block) = try kernel.blockOpen(try memory.readCID(a.u32(0)))
            var out = PackedWriter()
            out.u64(block.codec)
            out.u32(handle)
            out.u32(UInt32(block.data.count))
            return out.bytes
        }
        // block_create(ret: *u32 id, codec: u64, data: *u8, len: u32)
        bind(.ipldBlockCreate) { kernel, memory, a throws(SyscallFailure) in
            let data = try memory.read(a.u32(1), a.u32(2))
            var out = PackedWriter()
            out.u32(try kernel.blockCreate(codec: a.u64(0), data: data))
            return out.bytes
        }
        // block_read(ret: *i32 remaining, id: u32, offset: u32, obuf: *u8, max_len: u32)
        bind(.ipldBlockRead) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(2), a.u32(3))
            let (bytes, remaining) = try kernel.blockRead(a.u32(0), offset: a.u32(1), length: a.u32(3))
            try memory.write(Array(bytes), at: a.u32(2))
            var out = PackedWriter()
            out.u32(UInt32(bitPattern: remaining))
            return out.bytes
        }
        // block_stat(ret: *IpldStat{codec u64, size u32}, id: u32)
        bind(.ipldBlockStat) { kernel, _, a throws(SyscallFailure) in
            let block = try kernel.blockStat(a.u32(0))
            var out = PackedWriter()
            out.u64(block.codec)
            out.u32(UInt32(block.data.count))
            return out.bytes
        }
        // block_link(ret: *u32 cid_len, id: u32, hash_fun: u64, hash_len: u32, cid: *u8, cid_max_len: u32)
        bind(.ipldBlockLink) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(3), a.u32(4))
            let cid = try kernel.blockLink(a.u32(0), hashFunction: a.u64(1), hashLength: a.u32(2))
            var out = PackedWriter()
            out.u32(try memory.writeCID(cid, into: a.u32(3), capacity: a.u32(4)))
            return out.bytes
        }
    }

    mutating func bindSelf() {
        // root(ret: *u32 cid_len, cid: *u8, cid_max_len: u32)
        bind(.selfRoot) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(0), a.u32(1))
            var out = PackedWriter()
            out.u32(try memory.writeCID(try kernel.root(), into: a.u32(0), capacity: a.u32(1)))
            return out.bytes
        }
        // set_root(cid: *u8)
        bind(.selfSetRoot) { kernel, memory, a throws(SyscallFailure) in
            try kernel.setRoot(try memory.readCID(a.u32(0)))
            return []
        }
        // current_balance(ret: *TokenAmount{lo u64, hi u64})
        bind(.selfCurrentBalance) { kernel, _, _ throws(SyscallFailure) in
            var out = PackedWriter()
            out.tokenAmount(try kernel.currentBalance())
            return out.bytes
        }
        // self_destruct(burn_unspent: u32 as bool)
        bind(.selfSelfDestruct) { kernel, _, a throws(SyscallFailure) in
            try kernel.selfDestruct(burnUnspent: a.u32(0) != 0)
            return []
        }
    }
}
