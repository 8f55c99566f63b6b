import Cairn
@testable import CairnProgram
import Testing
import WAT

/// Operands of every encoded length (one to five LEB128 bytes, both sides of each boundary)
/// decode to what was encoded, and over-long or over-wide forms are refused.
@Test func operandsOfEveryLengthRoundTrip() throws {
    let values: [UInt32] = [0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 0x1F_FFFF, 0x20_0000, 0xFFF_FFFF, 0x1000_0000, .max]
    let body = values.map { "(drop (i32.const \(Int32(bitPattern: $0))))" }.joined(separator: " ")
    let program = try Lowering.lower(wasm: try wat2wasm("(module (func (export \"f\") \(body)))"))
    let constants = program.code.compactMap { if case .const32(_, let value) = $0 { value } else { nil } }
    #expect(Set(constants) == Set(values))
    let bytes = program.encoded()
    let decoded = try Program(decoding: bytes)
    #expect(decoded == program)
    #expect(decoded.encoded() == bytes)

    // The last constant (UInt32.max) is the five bytes FF FF FF FF 0F; find it in the code.
    let maxEncoding: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
    let at = try #require((0...(bytes.count - 5)).last { Array(bytes[$0..<$0 + 5]) == maxEncoding })
    var tooWide = bytes
    tooWide[at + 4] = 0x1F  // a 33rd bit
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: tooWide) }
    var tooLong = bytes
    tooLong[at + 4] = 0x8F  // continues into a sixth byte
    tooLong.insert(0x00, at: at + 5)
    #expect(throws: ProgramFormatError.self) { _ = try Program(decoding: tooLong) }
}

/// Decoding checks operands through the maxima it notes, and checks instruction by
/// instruction only when they do not fit. Both ways must accept and refuse the same programs,
/// with the same error, so this decodes mutated programs both ways.
@Test func operandMaximaAgreeWithCheckingEachInstruction() throws {
    var random = TestRandom(state: 0x9E37_79B9_7F4A_7C15)
    var refusedForOperands = 0
    for (name, program) in try examplePrograms() {
        let original = program.encoded()
        for _ in 0..<400 {
            var bytes = original
            // Overwrite bytes of the code (the last third), where the operands are.
            for _ in 0..<(1 + random.below(2)) {
                bytes[bytes.count - 1 - random.below(bytes.count / 3)] = UInt8(truncatingIfNeeded: random.next())
            }
            let viaMaxima = Result { () throws(ProgramFormatError) in try Program(decoding: bytes) }
            let eachInstruction = Result { () throws(ProgramFormatError) -> Program in
                let (decoded, _) = try bytes.withUnsafeBufferPointer { buffer throws(ProgramFormatError) in
                    var reader = ProgramReader(buffer)
                    return try Program.decodeParts(&reader)
                }
                try decoded.check(limits: LoweringLimits(), operands: nil)
                return decoded
            }
            switch (viaMaxima, eachInstruction) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(name)")
            case (.failure(let a), .failure(let b)):
                #expect(a.description == b.description, "\(name)")
                if a.message.hasPrefix("instruction ") { refusedForOperands += 1 }
            default:
                Issue.record("\(name): decoded one way only: \(viaMaxima) / \(eachInstruction)")
            }
        }
    }
    #expect(refusedForOperands > 100)
}
