import Cairn
import Testing
import WAT
import WasmParser

/// Lowers a text module written with extra parser features enabled, expecting Cairn to refuse it.
func refusal(_ text: String, features: WasmFeatureSet) throws -> WasmError? {
    let bytes = try wat2wasm(text, features: features)
    do {
        _ = try Lowering.lower(wasm: bytes)
        return nil
    } catch {
        return error
    }
}

@Test func simdIsRejectedByName() throws {
    let error = try refusal(
        "(module (func (result i32) (i32x4.extract_lane 0 (v128.const i32x4 1 2 3 4))))", features: [.simd])
    #expect(error?.kind == .unsupportedFeature)
    #expect(error?.message.contains("simd") == true)
}

@Test func v128ParametersAreRejectedByName() throws {
    let error = try refusal("(module (func (param v128)))", features: [.simd])
    #expect(error?.kind == .unsupportedFeature)
    #expect(error?.message.contains("simd") == true)
}

@Test func threadsAreRejectedByName() throws {
    let shared = try refusal("(module (memory 1 1 shared))", features: [.threads])
    #expect(shared?.message.contains("threads") == true)
    let atomic = try refusal(
        "(module (memory 1) (func (result i32) (i32.atomic.load (i32.const 0))))", features: [.threads])
    #expect(atomic?.kind == .unsupportedFeature)
    #expect(atomic?.message.contains("threads") == true)
}

@Test func tailCallsAreRejectedByName() throws {
    let error = try refusal("(module (func $f (return_call $f)))", features: [.tailCall])
    #expect(error?.kind == .unsupportedFeature)
    #expect(error?.message.contains("tail-call") == true)
}

@Test func invalidBodiesAreRejected() throws {
    let error = try refusal("(module (func (result i32) (i64.const 1)))", features: .default)
    #expect(error?.kind == .invalid)
    #expect(error?.message.hasPrefix("type mismatch") == true)
}
