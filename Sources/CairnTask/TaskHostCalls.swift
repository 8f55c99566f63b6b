import CairnMachine
import CairnProgram
import CairnProof
import CairnVerifier

/// The output a task's host functions append to.
public final class TaskOutput {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }
}

extension TaskHostFunction {
    /// Runs this host function for a task on the machine, with the semantics of the proof
    /// machine (docs/proofs.md, "Tasks"; CairnVerifier's `hostCall`): the one definition that
    /// ``TaskRunner`` and every other machine run of a task (the fuzzer's plain runs) bind.
    /// `arguments` are the argument slots (i32 values in the low 32 bits).
    public func call(_ caller: Caller, _ arguments: [UInt64], input: [UInt8], output: TaskOutput, schedule: GasSchedule) throws(Trap) -> [Value] {
        let args = arguments.map { $0 & 0xFFFF_FFFF }
        // A task without a memory has a memory of 0 bytes, as in the proof machine.
        let memoryBytes = UInt64(caller.memory?.byteCount ?? 0)
        switch self {
        case .inputSize:
            return [.i32(UInt32(input.count))]
        case .inputRead:
            let count = TaskRunner.inputCount(offset: args[0], length: args[2], inputLength: UInt64(input.count))
            guard args[1] + count <= memoryBytes else { throw Trap(.memoryOutOfBounds) }
            try caller.charge(schedule.bulkBytes(count))
            if count > 0 { caller.memory!.write(offset: Int(args[1]), Array(input[Int(args[0])..<Int(args[0] + count)])) }
            return [.i32(UInt32(count))]
        case .outputWrite:
            guard args[0] + args[1] <= memoryBytes else { throw Trap(.memoryOutOfBounds) }
            guard UInt64(output.bytes.count) + args[1] <= TaskLimits.maxOutputBytes else { throw Trap(.hostError) }
            try caller.charge(schedule.bulkBytes(args[1]))
            if args[1] > 0 { output.bytes.append(contentsOf: caller.memory!.read(offset: Int(args[0]), count: Int(args[1]))!) }
            return []
        }
    }
}
