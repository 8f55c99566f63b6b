import Cairn
import CairnDebug
import Foundation
import Testing

@Suite struct SourceDisassemblyTests {
    @Test(arguments: [4, 5])
    func disassemblyShowsTheSourceLinesBeforeTheirInstructions(version: Int) throws {
        let binary = try fixture("divide-dwarf\(version).wasm")
        let lowered = try Lowering.lowerRecordingOffsets(try ModuleDecoder.decode(binary))
        let info = DebugInfo(program: lowered.program, module: binary, wasmOffsets: lowered.wasmOffsets)
        let source = String(decoding: try fixture("divide.c"), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let lines = SourceDisassembly.lines(of: lowered.program, info: info) { file, line in
            file == "divide.c" && line >= 1 && Int(line) <= source.count ? String(source[Int(line) - 1]) : nil
        }
        // Every instruction line of the plain disassembly is there, in order.
        let plain = Disassembler.lines(of: lowered.program)
        #expect(lines.filter { !$0.hasPrefix("    ; ") } == plain)
        // The division is preceded by the line it came from, with its text.
        let division = try #require(lines.firstIndex { $0.contains(": i32.div_s") })
        let note = try #require(lines[..<division].last { $0.hasPrefix("    ; ") })
        #expect(note == "    ; divide.c:3  int q = a / b; /* line 3: traps when b == 0 */")
        // One note per stretch of a line, in order, each with the line's text. (`fail` has no
        // prologue, so its line 11 has no code; line 17's loop is one stretch.)
        let notes = lines.filter { $0.hasPrefix("    ; ") }
        let numbers = notes.map { Int($0.dropFirst("    ; divide.c:".count).prefix { $0.isNumber }) }
        #expect(numbers == [2, 3, 4, 7, 8, 12, 15, 16, 17, 18, 19])
        #expect(notes.allSatisfy { $0.hasPrefix("    ; divide.c:") })
        #expect(notes.last == "    ; divide.c:19  return average(total, count); /* line 19 */")
    }
}
