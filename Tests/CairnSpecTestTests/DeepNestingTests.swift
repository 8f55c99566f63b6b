import CairnSpecTest
import Testing

// Scripts nested deeply enough overflow the text parser's stack; the runner must refuse them,
// in process (as `cairn spectest --no-isolate` runs), with the limit and the position.

private func deepScript(_ depth: Int) -> String {
    "(module (func (export \"f\") (result i32)\n" + String(repeating: "(i32.add (i32.const 1) ", count: depth) + "(i32.const 0)"
        + String(repeating: ")", count: depth) + "))\n"
}

@Test func deeplyNestedScriptsFailWithoutCrashing() {
    let result = SpecTestRunner.run(source: deepScript(10_000), path: "deep.wast")
    #expect(result.passed == 0)
    let message = result.failures.first?.description ?? ""
    #expect(message.contains("deep.wast:2:") && message.contains("1000"))
}

@Test func deeplyNestedQuotedModulesAreRefused() {
    // The quoted text is one string to the script's scan, so it is bounded when it is parsed.
    let quoted = String(repeating: "(block ", count: 5_000) + String(repeating: ")", count: 5_000)
    let script = "(assert_malformed (module quote \"(func \(quoted))\") \"too deep\")\n"
    let result = SpecTestRunner.run(source: script, path: "quoted.wast")
    #expect(result.passed == 1)
    #expect(result.failures.isEmpty)
}

@Test func scriptsWithinTheLimitStillRun() {
    let script = deepScript(100) + "(assert_return (invoke \"f\") (i32.const 100))\n"
    let result = SpecTestRunner.run(source: script, path: "ok.wast")
    #expect(result.failures.isEmpty)
    #expect(result.passed >= 1)
}
