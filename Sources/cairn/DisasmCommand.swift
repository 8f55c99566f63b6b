import ArgumentParser
import Cairn
import CairnSpecTest

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

            Exit status: 0 on success; 3 when the module or program is malformed or invalid \
            (`error: ...`).
            """
    )

    @Argument(help: "The module or program: binary .wasm, text .wat, or lowered .cairn.")
    var file: String

    func run() throws {
        let program = try ModuleInput.programOrExit(file)
        print(Disassembler.text(of: program), terminator: "")
    }
}
