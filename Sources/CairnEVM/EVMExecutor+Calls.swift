import BigInt
import CairnHash

/// The host side of CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE and CREATE2: what the
/// interpreter's `call` import asks for, checked and run as a nested frame.
extension EVMExecutor {
    /// A nested call or creation from the innermost frame, as the call block describes it.
    struct CallRequest {
        var kind: UInt32
        var gas: UInt64
        var address: EVMAddress
        var value: BigUInt
        var salt: [UInt8]
        var input: [UInt8]
    }

    static let kindCall: UInt32 = 0, kindCallCode: UInt32 = 1, kindDelegateCall: UInt32 = 2, kindStaticCall: UInt32 = 3
    static let kindCreate: UInt32 = 4, kindCreate2: UInt32 = 5

    /// Runs `request` below the innermost frame; the caller gets back the gas it passed when
    /// the call cannot start (too deep, too poor).
    func call(_ request: CallRequest) -> EVMOutcome {
        guard let current = frames.last else { return .failed() }
        if request.kind == Self.kindCreate || request.kind == Self.kindCreate2 { return createFrom(current, request) }
        let depth = current.depth + 1
        var message = EVMMessage(
            caller: current.target, target: request.address, codeAddress: request.address, value: request.value,
            transfersValue: true, input: request.input, code: state.code(request.address), gas: request.gas, depth: depth,
            isStatic: current.isStatic)
        switch request.kind {
        case Self.kindCallCode:
            message.target = current.target
        case Self.kindDelegateCall:
            message.target = current.target
            message.caller = current.caller
            message.value = current.value
            message.transfersValue = false
        case Self.kindStaticCall:
            message.value = 0
            message.isStatic = true
        default:
            break
        }
        if depth > interpreter.maxCallDepth { return .failed(gasLeft: request.gas) }
        if message.transfersValue && state.balance(current.target) < message.value { return .failed(gasLeft: request.gas) }
        return execute(message)
    }

    private func createFrom(_ current: EVMMessage, _ request: CallRequest) -> EVMOutcome {
        let sender = current.target
        let nonce = state.nonce(sender)
        let address = request.kind == Self.kindCreate
            ? Self.createAddress(sender, nonce: nonce)
            : Self.create2Address(sender, salt: request.salt, initCode: request.input)
        _ = state.access(address)
        if state.balance(sender) < request.value || nonce == UInt64.max || current.depth + 1 > interpreter.maxCallDepth {
            return .failed(gasLeft: request.gas)
        }
        state.accounts[sender, default: EVMAccount()].nonce += 1
        if hasCollision(address) { return .failed() }
        let message = EVMMessage(
            caller: sender, target: address, codeAddress: address, value: request.value, transfersValue: true, input: [],
            code: request.input, gas: request.gas, depth: current.depth + 1, isStatic: false)
        return create(message)
    }

    /// An account already at a new contract's address (code, nonce or storage: EIP-7610).
    func hasCollision(_ address: EVMAddress) -> Bool {
        guard let account = state.accounts[address] else { return false }
        return account.nonce != 0 || !account.code.isEmpty || !account.storage.isEmpty
    }

    /// CREATE's address: keccak256(rlp([sender, nonce]))[12...].
    static func createAddress(_ sender: EVMAddress, nonce: UInt64) -> EVMAddress {
        var nonceBytes = [UInt8]()
        var n = nonce
        while n > 0 { nonceBytes.insert(UInt8(n & 0xff), at: 0); n >>= 8 }
        var payload: [UInt8] = [0x94] + sender.bytes
        if nonceBytes.count == 1 && nonceBytes[0] < 0x80 { payload += nonceBytes } else { payload += [0x80 + UInt8(nonceBytes.count)] + nonceBytes }
        let encoded = [0xC0 + UInt8(payload.count)] + payload
        return EVMAddress(Keccak256.hash(encoded).bytes)
    }

    /// CREATE2's address: keccak256(0xff ++ sender ++ salt ++ keccak256(init code))[12...].
    static func create2Address(_ sender: EVMAddress, salt: [UInt8], initCode: [UInt8]) -> EVMAddress {
        let preimage = [0xFF] + sender.bytes + salt + Keccak256.hash(initCode).bytes
        return EVMAddress(Keccak256.hash(preimage).bytes)
    }
}
