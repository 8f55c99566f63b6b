import Cairn
import Testing

/// Minimal binary-module builder for inputs too large or too odd to write as text.
enum Binary {
    static func leb(_ value: UInt64) -> [UInt8] {
        var value = value
        var bytes: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7F)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            bytes.append(byte)
        } while value != 0
        return bytes
    }

    static func section(_ id: UInt8, _ content: [UInt8]) -> [UInt8] {
        [id] + leb(UInt64(content.count)) + content
    }

    /// A module with one function `f` of type (params) -> (results), exported, with an optional
    /// memory and data segments.
    static func module(
        params: [UInt8] = [], results: [UInt8] = [], locals: [(count: UInt32, type: UInt8)] = [],
        body: [UInt8], memory: (min: UInt32, max: UInt32?)? = nil, data: [(offset: UInt32, bytes: [UInt8])] = []
    ) -> [UInt8] {
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        bytes += section(1, [1, 0x60] + leb(UInt64(params.count)) + params + leb(UInt64(results.count)) + results)
        bytes += section(3, [1, 0])
        if let memory {
            let limits: [UInt8] = memory.max.map { [1] + leb(UInt64(memory.min)) + leb(UInt64($0)) } ?? [0] + leb(UInt64(memory.min))
            bytes += section(5, [1] + limits)
        }
        bytes += section(7, [1, 1, UInt8(ascii: "f"), 0, 0])
        var code = leb(UInt64(locals.count))
        for local in locals { code += leb(UInt64(local.count)) + [local.type] }
        code += body + [0x0B]
        bytes += section(10, [1] + leb(UInt64(code.count)) + code)
        if !data.isEmpty {
            var content = leb(UInt64(data.count))
            for segment in data {
                content += [0, 0x41] + leb(UInt64(segment.offset)) + [0x0B] + leb(UInt64(segment.bytes.count)) + segment.bytes
            }
            bytes += section(11, content)
        }
        return bytes
    }
}

/// Runs `f` of a binary module with a gas limit; returns the evaluation, or the load error.
func evaluateHostile(_ bytes: [UInt8], arguments: [Value] = [], gasLimit: UInt64 = 10_000_000) -> Result<Evaluation, WasmError> {
    do {
        let program = try Lowering.lower(wasm: bytes)
        return .success(evaluate(program, function: "f", arguments: arguments, gasLimit: gasLimit))
    } catch {
        return .failure(error)
    }
}

@Test func deepNestingIsRejectedByTheControlDepthLimit() {
    let depth = 100_000
    let body = Array(repeating: [UInt8]([0x02, 0x40]), count: depth).flatMap { $0 } + Array(repeating: 0x0B, count: depth)
    guard case .failure(let error) = evaluateHostile(Binary.module(body: body)) else {
        Issue.record("a 100,000-deep nesting was accepted")
        return
    }
    #expect(error.kind == .limitExceeded)
    #expect(error.message.contains("control nesting"))
}

@Test func nestingWithinTheLimitLowersAndRuns() {
    let depth = 10_000
    let body = Array(repeating: [UInt8]([0x02, 0x40]), count: depth).flatMap { $0 } + Array(repeating: 0x0B, count: depth)
    guard case .success(let evaluation) = evaluateHostile(Binary.module(body: body)) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.results == [])
}

@Test func hugeBrTableLowersInLinearTimeAndRuns() {
    // block; local.get 0; br_table with a million labels, all 0, default 0; end; i32.const 7
    let labels = 1_000_000
    let body: [UInt8] = [0x02, 0x40, 0x20, 0x00, 0x0E] + Binary.leb(UInt64(labels))
        + Array(repeating: 0x00, count: labels) + [0x00, 0x0B, 0x41, 0x07]
    let module = Binary.module(params: [0x7F], results: [0x7F], body: body)
    guard case .success(let evaluation) = evaluateHostile(module, arguments: [.i32(123_456)]) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.results == [.i32(7)])
}

@Test func fiftyThousandLocalsAreZeroedAndUsable() {
    // local.get 49999 (the last local, zero) ; i32.const 1 ; i32.add
    let body: [UInt8] = [0x20] + Binary.leb(49_999) + [0x41, 0x01, 0x6A]
    let module = Binary.module(results: [0x7F], locals: [(50_000, 0x7F)], body: body)
    guard case .success(let evaluation) = evaluateHostile(module) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.results == [.i32(1)])
}

@Test func tooManyLocalsAreRejected() {
    let module = Binary.module(locals: [(4_000_000_000, 0x7F)], body: [])
    guard case .failure = evaluateHostile(module) else {
        Issue.record("four billion locals were accepted")
        return
    }
}

@Test func dataSegmentPastTheMemoryTrapsAtInstantiation() {
    let module = Binary.module(body: [], memory: (1, 1), data: [(65_530, Array(repeating: 0xAB, count: 100))])
    guard case .success(let evaluation) = evaluateHostile(module) else {
        Issue.record("rejected at load")
        return
    }
    #expect(evaluation.trap?.kind == .memoryOutOfBounds)
}

@Test func memoryGrowLoopsRunOutOfGas() {
    // loop: memory.grow(1); drop; br 0
    let body: [UInt8] = [0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x1A, 0x0C, 0x00, 0x0B]
    let module = Binary.module(body: body, memory: (1, nil))
    guard case .success(let evaluation) = evaluateHostile(module, gasLimit: 5_000_000) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.trap?.kind == .outOfGas)
    #expect(evaluation.gasUsed == 5_000_000)
}

@Test func infiniteLoopsRunOutOfGas() {
    let body: [UInt8] = [0x03, 0x40, 0x0C, 0x00, 0x0B]
    guard case .success(let evaluation) = evaluateHostile(Binary.module(body: body), gasLimit: 1_000_000) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.trap?.kind == .outOfGas)
    #expect(evaluation.gasUsed == 1_000_000)
}

@Test func unboundedRecursionHitsTheCallDepthLimit() {
    let body: [UInt8] = [0x10, 0x00]  // call 0
    guard case .success(let evaluation) = evaluateHostile(Binary.module(body: body), gasLimit: .max) else {
        Issue.record("rejected")
        return
    }
    #expect(evaluation.trap?.kind == .callStackExhausted)
}

@Test func noFloatsProfileRejectsFloatTypesAndInstructions() {
    // (func (result i32) f32.const 1; i32.reinterpret_f32)
    let body: [UInt8] = [0x43, 0x00, 0x00, 0x80, 0x3F, 0xBC]
    let module = Binary.module(results: [0x7F], body: body)
    #expect(throws: Never.self) { _ = try Lowering.lower(wasm: module) }
    do {
        _ = try Lowering.lower(wasm: module, profile: .noFloats)
        Issue.record("float instruction accepted under noFloats")
    } catch {
        #expect(error.kind == .unsupportedFeature)
        #expect(error.message.contains("floats"))
    }
    // In unreachable code a float comparison pushes only an i32; it is still refused.
    let hidden = Binary.module(results: [0x7F], body: [0x00, 0x5B])  // unreachable; f32.eq
    #expect(throws: WasmError.self) { _ = try Lowering.lower(wasm: hidden, profile: .noFloats) }
    let typed = Binary.module(params: [0x7C], body: [])
    #expect(throws: WasmError.self) { _ = try Lowering.lower(wasm: typed, profile: .noFloats) }
}
