import ArgumentParser
import Cairn
import CairnDebug
import CairnSpecTest
import Foundation

/// `cairn disasm`: print a lowered program readably.
struct DisasmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disasm",
        abstract: "Print the lowered program of a module (or a .cairn program) as text.",
        discussion: """
            FILE is a binary module (.wasm), a text module (.wat) or a lowered Cairn program \
            (.cairn). A module is lowered first. Prints, in order:

              - a header (lines starting with `;`): the format version, the content hash,
                and the counts of each part, instructions and br_table entries;
              - the types, imports, tables, memories, globals, exports and start function;
              - each defined function, `func[INDEX] NAME (PARAMS) -> (RESULTS) locals=L
                frame=F` (INDEX in the function index space, imports first; NAME from
                the name section or an export), then one line per instruction,
                `  OFFSET: MNEMONIC OPERANDS`;
              - the entrypoint (the code instantiation runs: memory and table sizes,
                globals, segments, the start call), the same way;
              - the br_table target lists.

            OFFSET is the instruction's absolute offset in the program's code array, the \
            offset branch targets, br_table entries and traces use. Operands `sN` are frame \
            slots; branch targets are shown as `-> OFFSET`, and an instruction that branches \
            jump to ends in `; <- FROM, ...`. Calls name their callee in a `;` comment. See \
            docs/register-machine.md and docs/program-format.md for the instructions.

            --source (a binary module compiled with -g) puts the source line each stretch of \
            instructions came from before it, `; FILE:LINE  TEXT` (DWARF `.debug_line`; the \
            text when the source file is found as named, or next to the module).

            Exit status: 0 on success; 3 when the module or program is malformed or invalid \
            (`error: ...`).
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    @Flag(name: .long, help: "Interleave the source lines the instructions came from (a module compiled with -g).")
    var source = false

    func run() throws {
        let program = try ModuleInput.programOrExit(file)
        guard source else {
            print(Disassembler.text(of: program), terminator: "")
            return
        }
        let info = DebugBacktrace.debugInfo(path: file, program: program)
        if info.lines == nil {
            printError("warning: \(file) has no DWARF line tables (compile with -g); no source lines to show")
        }
        var files: [String: [String]?] = [:]
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        let lines = SourceDisassembly.lines(of: program, info: info) { name, line in
            if files[name] == nil {
                let candidates = [name, directory.appendingPathComponent(name).path]
                let text = candidates.lazy.compactMap { try? String(contentsOfFile: $0, encoding: .utf8) }.first
                files[name] = .some(text.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) })
            }
            guard let source = files[name]!, line >= 1, Int(line) <= source.count else { return nil }
            return source[Int(line) - 1]
        }
        for line in lines { print(line) }
    }
}
