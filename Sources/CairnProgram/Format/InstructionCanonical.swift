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
        var reader = ProgramReader(bytes)
        let instruction = try Instruction.decode(from: &reader)
        guard reader.isAtEnd else { throw reader.error("trailing bytes after an instruction") }
        self = instruction
    }
}
