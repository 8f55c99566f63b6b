import CairnProgram
import CairnWasm

/// The result of ``evaluate(_:function:arguments:gasLimit:schedule:limits:imports:)``.
public struct Evaluation: Sendable {
    /// How the run ended.
    public enum Outcome: Sendable {
        /// The function returned these values.
        case returned([Value])
        /// The run trapped (including `outOfGas`), in the function or during instantiation.
        case trapped(Trap)
        /// The program could not be instantiated: an import is missing or a limit is exceeded.
        case rejected(String)
        /// The call cannot be made (no such export, not a function, wrong arguments): found
        /// before instantiation, so nothing ran and no gas was used.
        case invalidCall(CallError)
    }

    /// How the run ended.
    public var outcome: Outcome
    /// Gas used: by the run up to a trap, the limit when gas ran out, zero when rejected or
    /// when the call was invalid.
    public var gasUsed: UInt64

    /// The returned values, if the run returned.
    public var results: [Value]? {
        if case .returned(let values) = outcome { return values }
        return nil
    }

    /// The trap, if the run trapped.
    public var trap: Trap? {
        if case .trapped(let trap) = outcome { return trap }
        return nil
    }

    /// Why the call could not be made, if it could not.
    public var callError: CallError? {
        if case .invalidCall(let error) = outcome { return error }
        return nil
    }
}

/// Runs exported `function` of `program` in a fresh machine with `gasLimit` gas: the
/// deterministic, metered `evaluate(program, args, gasLimit) -> (result?, gasUsed)` of Cairn.
///
/// The same program, arguments, limit, schedule, limits and host functions give the same
/// outcome and the same gas on every machine. Instantiation (the start function) spends from
/// the same limit.
///
/// The export and the arguments are checked against the program first: a missing export, an
/// export that is not a function, or arguments of the wrong number or types end the evaluation
/// as ``Evaluation/Outcome/invalidCall(_:)`` with no gas used, instead of paying for
/// instantiation and then trapping.
public func evaluate(
    _ program: Program,
    function: String = "main",
    arguments: [Value] = [],
    gasLimit: UInt64,
    schedule: GasSchedule = .v2,
    limits: MachineLimits = MachineLimits(),
    imports: (Store) -> Imports = { _ in Imports() }
) -> Evaluation {
    do {
        _ = try program.checkCall(function, argumentTypes: arguments.map(\.type))
    } catch {
        return Evaluation(outcome: .invalidCall(error), gasUsed: 0)
    }
    let store = Store(limits: limits, schedule: schedule)
    store.gasLimit = gasLimit
    let instance: Instance
    do {
        instance = try store.instantiate(program, imports: imports(store))
    } catch {
        switch error {
        case .trap(let trap): return Evaluation(outcome: .trapped(trap), gasUsed: store.gasUsed)
        case .unlinkable(let message), .limitExceeded(let message):
            return Evaluation(outcome: .rejected(message), gasUsed: 0)
        }
    }
    do {
        let results = try store.invoke(instance, function, arguments)
        return Evaluation(outcome: .returned(results), gasUsed: store.gasUsed)
    } catch {
        return Evaluation(outcome: .trapped(error), gasUsed: store.gasUsed)
    }
}
