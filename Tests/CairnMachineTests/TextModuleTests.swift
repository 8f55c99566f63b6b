import Cairn
import Testing

// The library's text entry point: positions in errors, the nesting bound that keeps the
// recursive parser from overflowing the stack, and the mapping of binary offsets to the text.

/// A function whose body is `depth` folded `i32.add`s nested in one another.
private func nestedModule(depth: Int) -> String {
    var body = "(i32.const 1)"
    for _ in 0..<depth { body = "(i32.add \(body) (i32.const 1))" }
    return "(module (func (export \"f\") (result i32) \(body)))"
}

/// The same nesting built without repeated copying (for the deep inputs).
private func deepNesting(_ depth: Int, open: String, close: String, around: (String, String)) -> String {
    around.0 + String(repeating: open, count: depth) + "(i32.const 0)" + String(repeating: close, count: depth) + around.1
}

@Test func textModulesEncodeAndRun() throws {
    let bytes = try wasm(fromWAT: nestedModule(depth: 50), fileName: "nested.wat")
    let program = try Lowering.lower(wasm: bytes)
    let store = Store()
    let instance = try store.instantiate(program)
    #expect(try store.invoke(instance, "f") == [.i32(51)])
}

@Test func syntaxErrorsNameFileLineAndColumn() {
    let text = "(module\n  (func (result i32)\n    i32.const 1\n    i32.bogus))\n"
    #expect {
        _ = try wasm(fromWAT: text, fileName: "bad.wat")
    } throws: { error in
        guard let error = error as? WATError else { return false }
        // `i32.bogus` starts on line 4, column 5.
        return error.line == 4 && error.column == 5 && error.description.hasPrefix("bad.wat:4:5: ")
            && !error.description.contains("Location")
    }
}

@Test func firstLineColumnsCountFromOne() {
    #expect {
        _ = try wasm(fromWAT: "(modul)", fileName: "x.wat")
    } throws: { error in
        guard let error = error as? WATError else { return false }
        return error.line == 1 && error.column != nil && error.column! >= 1
    }
}

@Test(arguments: [10_000, 100_000])
func deepFoldedNestingIsRefusedNotCrashed(depth: Int) {
    let text = deepNesting(depth, open: "(i32.add (i32.const 1) ", close: ")",
                           around: ("(module\n(func (result i32)\n", "))"))
    #expect {
        _ = try wasm(fromWAT: text, fileName: "deep.wat")
    } throws: { error in
        guard let error = error as? WATError else { return false }
        // (module is depth 1, (func 2, the Kth (i32.add 2 + K and its (i32.const 3 + K: the
        // 998th add's const, 9 columns into the 998th 23-column segment, is level 1,001.
        return error.line == 3 && error.column == 1 + 997 * 23 + 9 && error.message.contains("1000")
    }
}

@Test func nestingAtTheLimitParses() throws {
    // (module (func ... depth 2, then 997 adds and the innermost const: 1,000 levels.
    let text = deepNesting(997, open: "(i32.add (i32.const 1) ", close: ")",
                           around: ("(module (func (export \"f\") (result i32) ", "))"))
    #expect(TextNesting.firstExcess(in: text) == nil)
    let program = try Lowering.lower(wasm: try wasm(fromWAT: text))
    let store = Store()
    #expect(try store.invoke(try store.instantiate(program), "f") == [.i32(997)])
}

@Test func nestingScanSkipsCommentsAndStrings() {
    let deep = String(repeating: "(", count: 2_000)
    let text = """
        ;; \(deep)
        (; \(deep) (; nested ;) \(deep) ;)
        (module (func (export "\\"\(deep)") ))
        """
    #expect(TextNesting.firstExcess(in: text) == nil)
    let excess = TextNesting.firstExcess(in: "(a (b (c)))", limit: 2)
    #expect(excess?.limit == 2 && excess?.line == 1 && excess?.column == 7)
    // A multi-byte character counts as one column.
    #expect(TextNesting.firstExcess(in: "(é (b", limit: 1)?.column == 4)
}

@Test func validationErrorsPointAtTheFunction() throws {
    let text = """
        (module
          (func $imported (import "m" "f"))
          (func $ok (result i32) i32.const 1)
          (func $bad (result i32)
            i64.const 1))
        """
    let bytes = try wasm(fromWAT: text)
    var offset: Int?
    do {
        _ = try Lowering.lower(wasm: bytes)
    } catch {
        offset = error.offset
    }
    let found = try #require(offset.flatMap { TextPosition.ofFunction(containing: $0, wasm: bytes, text: text) })
    // Function 2 (the import is function 0), defined on line 4.
    #expect(found.index == 2 && found.line == 4 && found.column == 3)
}

@Test func namesAreEscapedForTerminals() {
    #expect(NameText.escaped("a\u{0}b\n\u{1B}[31m\u{9B}\\") == "a\\0b\\n\\u{1b}[31m\\u{9b}\\\\")
    #expect(NameText.quoted("say \"hi\"") == "\"say \\\"hi\\\"\"")
    #expect(NameText.escaped("héllo wörld") == "héllo wörld")
}

@Test func aHundredThousandLocalsNameTheLimit() {
    // (func (local 100000 i32)): WasmKit's parser stops at 100,000; that is a limit, not malformed.
    var module: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
    module += [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]  // type () -> ()
    module += [0x03, 0x02, 0x01, 0x00]  // one function of type 0
    let body: [UInt8] = [0x01, 0xA0, 0x8D, 0x06, 0x7F, 0x0B]  // 1 group: 100000 x i32; end
    module += [0x0A, UInt8(body.count + 2), 0x01, UInt8(body.count)] + body
    #expect {
        _ = try Lowering.lower(wasm: module)
    } throws: { error in
        guard let error = error as? WasmError else { return false }
        return error.kind == .limitExceeded && error.message.contains("100000") && error.message.contains("99999")
    }
}
