/// One instruction on its own in the canonical program encoding, for commitments that prove a
/// single instruction (the code tree of a provable task, see docs/proofs.md).
extension Instruction {
    /// The instruction's canonical encoding: its opcode, then each operand as shortest LEB128.
    /// At most 16 bytes.
    public var canonicalEncoding: [UInt8] {
        var writer = ProgramWriter()
        encode(into: &writer)
        return writer.bytes
    }

    /// Decodes exactly one instruction from its canonical encoding; every other form, trailing
    /// bytes included, is refused.
    public init(canonicalEncoding bytes: [UInt8]) throws(ProgramFormatError) {
        let decoded = bytes.withUnsafeBufferPointer { buffer -> Result<Instruction, ProgramFormatError> in
            var reader = ProgramReader(buffer)
            // Operand ranges are not checked here: a single instruction has no program around it.
            var seen = OperandMaxima(types: [])
            do throws(ProgramFormatError) {
                let instruction = try Instruction.decode(from: &reader, noting: &seen)
                guard reader.isAtEnd else { return .failure(reader.error("trailing bytes after an instruction")) }
                return .success(instruction)
            } catch {
                return .failure(error)
            }
        }
        self = try decoded.get()
    }
}
