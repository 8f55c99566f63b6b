import BigInt
import CairnIPLD
import CairnMachine

/// Applies messages to a machine's state (ref-fvm's `DefaultExecutor`).
///
/// The life of a message: the sender must exist and be an account (an f1/f3 account, an
/// Ethereum account, or a placeholder; a placeholder with an f410 address first becomes an
/// Ethereum account), its
/// nonce must be the message's sequence, and its balance must cover `gasLimit × gasFeeCap`;
/// otherwise the receipt says why (`SYS_SENDER_INVALID`, `SYS_SENDER_STATE_INVALID`) and
/// nothing changes. Then the gas is prepaid and the nonce bumped (kept whatever follows),
/// the message's on-chain price charged, and the call manager sends the value and invokes
/// the receiver in a state-tree transaction, committed on success and reverted otherwise.
/// Gas used is settled at the end: `gasUsed × baseFee` burnt, `gasUsed × premium` (within the
/// fee cap) to the reward actor, the rest of the prepayment back to the sender.
public final class Executor {
    /// The machine messages run on.
    public let machine: Machine

    /// Why the last message applied failed, for people (the exit's message: the actor's
    /// `vm.exit` text, the trap, the missing actor...); empty after a success. ref-fvm's
    /// `ApplyRet.failure_info`, which is not part of the receipt.
    public private(set) var lastFailure = ""
    /// The failed calls behind the last message's failure, deepest first (empty after a
    /// success, or when the message failed before any call).
    public private(set) var lastBacktrace: [FailedCall] = []

    /// An executor over `machine`.
    public init(machine: Machine) { self.machine = machine }

    /// Applies `message`; returns its receipt. Runs on a thread with a large native stack
    /// (`LargeStack`), as deep call stacks of actors need one.
    public func apply(_ message: Message) -> Receipt {
        applyMessage(message).receipt
    }

    /// Applies `message`; returns its receipt with, beside it, why it failed and the backtrace
    /// of the calls that failed (ref-fvm's `ApplyRet`).
    public func applyMessage(_ message: Message) -> ApplyResult {
        LargeStack.run { applyReturningFailure(message) }
    }

    /// Applies `messages` in order on one large-stack thread (a batch pays for one thread, not
    /// one per message); returns their receipts.
    public func apply(_ messages: [Message]) -> [Receipt] {
        applyMessages(messages).map(\.receipt)
    }

    /// Applies `messages` in order on one large-stack thread; returns what each gave.
    public func applyMessages(_ messages: [Message]) -> [ApplyResult] {
        LargeStack.run { messages.map { applyReturningFailure($0) } }
    }

    func applyOnThisThread(_ message: Message) -> Receipt { applyReturningFailure(message).receipt }

    /// Applies `message` on this thread; sets ``lastFailure`` and ``lastBacktrace``.
    func applyReturningFailure(_ message: Message) -> ApplyResult {
        let result = applyCollectingFailure(message)
        (lastFailure, lastBacktrace) = (result.failure, result.backtrace)
        return result
    }

    private func applyCollectingFailure(_ message: Message) -> ApplyResult {
        let tree = machine.stateTree
        let senderID: ActorID
        var sender: ActorState
        do {
            guard let id = try tree.resolve(message.from), let actor = try tree.actor(id) else {
                return Self.rejected(.sysSenderInvalid, "the sender does not exist")
            }
            (senderID, sender) = (id, actor)
        } catch {
            return Self.rejected(.sysAssertionFailed, "the state tree cannot be read")
        }
        guard message.gasLimit > 0 else {
            return Self.rejected(.sysOutOfGas, "the gas limit is not positive")
        }
        let gasLimit = UInt64(message.gasLimit)
        if let ethAccount = ethAccountCode(forPlaceholder: sender) { sender.code = ethAccount }
        let kind = machine.builtins.kind(of: sender.code)
        guard kind == .account || kind == .placeholder || kind == .ethAccount else {
            return Self.rejected(.sysSenderInvalid, "the sender is not an account")
        }
        guard sender.sequence == message.sequence else {
            return Self.rejected(.sysSenderStateInvalid, "the sequence is \(message.sequence), the sender's nonce \(sender.sequence)")
        }
        let prepaid = TokenAmount(atto: BigInt(gasLimit) * message.gasFeeCap.atto)
        guard sender.balance >= prepaid else {
            return Self.rejected(.sysSenderStateInvalid, "the sender cannot prepay the gas")
        }
        let inclusion = machine.profile.onChainMessagePrice(size: Self.encodedSize(message))
        let (limit, overflow) = gasLimit.multipliedReportingOverflow(by: GasProfile.milligasPerGas)
        guard overflow || limit >= inclusion else {
            return Self.rejected(.sysOutOfGas, "the gas limit does not cover the message's inclusion")
        }
        sender.balance = sender.balance - prepaid
        sender.sequence += 1
        tree.setActor(senderID, sender)

        let gas = GasTracker(limit: overflow ? .max : limit)
        try? gas.charge(inclusion)
        let calls = CallManager(
            machine: machine, gas: gas, origin: senderID, originAddress: message.from, nonce: message.sequence,
            gasPremium: message.gasPremium)
        var (exit, events) = run(message, calls: calls)
        let gasUsed = min(Self.wholeGas(gas.used), gasLimit)
        settleFees(message, senderID: senderID, gasUsed: gasUsed, prepaid: prepaid)
        if !exit.exitCode.isSuccess { events = [] }
        let receipt = Receipt(
            exitCode: exit.exitCode, returnData: exit.returnBlock?.data ?? [], gasUsed: gasUsed,
            eventsRoot: eventsRoot(events))
        guard !exit.exitCode.isSuccess else { return ApplyResult(receipt: receipt) }
        return ApplyResult(receipt: receipt, failure: exit.message, backtrace: calls.backtrace)
    }

    /// The Ethereum account code a sending placeholder becomes (ref-fvm's rule): a placeholder
    /// that has sent nothing yet and whose f4 address is in the EAM's namespace (an f410 address,
    /// funded before anything was deployed there) is an externally owned Ethereum account, and
    /// turns into an EthAccount (code only, state and balance kept) with its first message. Nil
    /// for any other sender, or when no EthAccount code is registered. The change is written with
    /// the nonce bump, so it stays whatever the call does; a message the checks refuse changes
    /// nothing.
    private func ethAccountCode(forPlaceholder sender: ActorState) -> CID? {
        guard sender.code == machine.builtins.placeholderCode, sender.sequence == 0,
            case .delegated(BuiltinActors.eamActorID, _)? = sender.delegatedAddress
        else { return nil }
        return machine.builtins.codes[.ethAccount]
    }

    /// The result of a message refused before it ran: nothing charged, nothing changed.
    private static func rejected(_ code: ExitCode, _ why: String) -> ApplyResult {
        ApplyResult(receipt: Receipt(exitCode: code, returnData: [], gasUsed: 0, eventsRoot: nil), failure: why)
    }

    /// Sends the message through the call manager in a transaction of its own, committed only
    /// when it succeeds and its return value's storage can be paid.
    private func run(_ message: Message, calls: CallManager) -> (InvocationExit, [StampedEvent]) {
        let tree = machine.stateTree
        tree.beginTransaction()
        var exit: InvocationExit
        do {
            let params = message.params.isEmpty ? nil : Block(codec: Multicodec.dagCBOR.rawValue, data: message.params)
            exit = try calls.send(
                from: calls.origin, to: message.to, method: message.method, params: params, value: message.value,
                gasLimit: nil, readOnly: false)
        } catch {
            exit = Self.exit(for: error)
        }
        if exit.exitCode.isSuccess, let data = exit.returnBlock?.data {
            do { try calls.gas.charge(machine.profile.onChainReturnStorage.apply(data.count)) } catch {
                exit = InvocationExit(.sysOutOfGas, message: "out of gas storing the return value")
            }
        }
        if exit.exitCode == .sysOutOfGas { calls.gas.exhaust() }
        do {
            try tree.endTransaction(revert: !exit.exitCode.isSuccess)
        } catch {
            exit = InvocationExit(.sysAssertionFailed, message: "state tree: \(error)")
        }
        return (exit, exit.exitCode.isSuccess ? calls.events : [])
    }

    /// The receipt's exit for an error the top-level send threw.
    static func exit(for failure: SyscallFailure) -> InvocationExit {
        switch failure {
        case .errorNumber(.notFound): InvocationExit(.sysInvalidReceiver, message: "the receiver does not exist")
        case .errorNumber(.insufficientFunds): InvocationExit(.sysInsufficientFunds, message: "the sender cannot pay the value")
        case .errorNumber(let number): InvocationExit(.sysAssertionFailed, message: "send failed: error \(number.rawValue)")
        case .outOfGas: InvocationExit(.sysOutOfGas, message: "out of gas")
        case .exit(let exit): exit
        case .fatal(let why): InvocationExit(.sysAssertionFailed, message: "fatal: \(why)")
        }
    }

    /// Burns the base fee, pays the premium to the reward actor (or burns it when there is
    /// none) and refunds the rest of the prepayment to the sender.
    private func settleFees(_ message: Message, senderID: UInt64, gasUsed: UInt64, prepaid: TokenAmount) {
        let baseFee = machine.network.baseFee.atto
        let feeCap = message.gasFeeCap.atto
        let burnPrice = min(baseFee, feeCap)
        let premium = max(min(message.gasPremium.atto, feeCap - burnPrice), 0)
        let burnt = BigInt(gasUsed) * burnPrice
        let tip = BigInt(gasUsed) * premium
        let refund = prepaid.atto - burnt - tip
        credit(BuiltinActors.burntFundsActorID, burnt)
        let rewarded = (try? machine.stateTree.actor(BuiltinActors.rewardActorID)) != nil
        credit(rewarded ? BuiltinActors.rewardActorID : BuiltinActors.burntFundsActorID, tip)
        credit(senderID, refund)
    }

    private func credit(_ id: UInt64, _ atto: BigInt) {
        guard atto > 0, let found = try? machine.stateTree.actor(id) else { return }
        var actor = found
        actor.balance = actor.balance + TokenAmount(atto: atto)
        machine.stateTree.setActor(id, actor)
    }

    /// The root of the AMT (bit width 5, ref-fvm's `EVENTS_AMT_BITWIDTH`) of `events`, or nil.
    private func eventsRoot(_ events: [StampedEvent]) -> CID? {
        guard !events.isEmpty else { return nil }
        let amt = AMT(store: machine.store, bitWidth: 5)
        for (index, event) in events.enumerated() { _ = try? amt.set(UInt64(index), event.ipld) }
        return try? amt.flush()
    }

    /// Gas in whole units, rounded up: a message never uses a fraction of a gas for free.
    static func wholeGas(_ milligas: UInt64) -> UInt64 {
        milligas / GasProfile.milligasPerGas + (milligas % GasProfile.milligasPerGas == 0 ? 0 : 1)
    }

    /// The size of the message on chain: its DAG-CBOR encoding.
    static func encodedSize(_ message: Message) -> Int {
        (try? message.encoded().count) ?? message.params.count
    }
}
