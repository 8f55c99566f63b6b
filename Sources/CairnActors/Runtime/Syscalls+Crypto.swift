/// `crypto`: hashes and secp256k1 signatures; BLS and proof verification are unsupported.
extension SyscallBinder {
    mutating func bindCrypto() {
        // hash(ret: *u32 len, hasher: u64, data: *u8, data_len: u32, digest: *u8, digest_len: u32)
        // Writes min(digest_len, digest size) bytes (ref-fvm truncates to the buffer).
        bind(.cryptoHash) { kernel, memory, a throws(SyscallFailure) in
            try memory.check(a.u32(3), a.u32(4))
            let digest = try kernel.hash(a.u64(0), try memory.read(a.u32(1), a.u32(2)))
            let written = Array(digest.prefix(Int(a.u32(4))))
            try memory.write(written, at: a.u32(3))
            var out = PackedWriter()
            out.u32(UInt32(written.count))
            return out.bytes
        }
        // verify_signature(ret: *i32 (0 valid, -1 invalid), sig_type: u32, sig: *u8, sig_len: u32,
        //   signer: *u8, signer_len: u32, plaintext: *u8, plaintext_len: u32)
        bind(.cryptoVerifySignature) { kernel, memory, a throws(SyscallFailure) in
            let signature = try memory.read(a.u32(1), a.u32(2))
            let signer = try Self.address(memory, a.u32(3), a.u32(4))
            let plaintext = try memory.read(a.u32(5), a.u32(6))
            let valid = try kernel.verifySignature(type: a.u32(0), signature: signature, signer: signer, plaintext: plaintext)
            var out = PackedWriter()
            out.u32(valid ? 0 : UInt32(bitPattern: -1))
            return out.bytes
        }
        // recover_secp_public_key(ret: *[u8; 65], hash: *[u8; 32], sig: *[u8; 65])
        bind(.cryptoRecoverSecpPublicKey) { kernel, memory, a throws(SyscallFailure) in
            try kernel.recoverPublicKey(hash: try memory.read(a.u32(0), 32), signature: try memory.read(a.u32(1), 65))
        }
    }

}
