// cairn-ipld-tool: helpers for CairnIPLD's crash test and benchmark (not a user-facing tool;
// that is `cairn ipld`).
//   cairn-ipld-tool crash-writer DB      flushes batches into an SQLite store forever, printing
//                                        "flushed K" after each commit (killed by the test)
//   cairn-ipld-tool state-writer DIR     commits state-tree updates to a state directory forever,
//                                        printing "committed K ROOT" after each (killed by a test)
//   cairn-ipld-tool diff-batch           hex DAG-CBOR blocks in, re-encodings and CIDs out
//   cairn-ipld-tool bench [--quick] [--corpus FILE.car]
//                                        DAG-CBOR and HAMT throughput (see docs/ipld.md)
import CairnIPLD
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "crash-writer" where arguments.count == 2:
    try CrashWriter.run(path: arguments[1])
case "state-writer" where arguments.count == 2:
    try StateWriter.run(path: arguments[1])
case "diff-batch":
    DiffBatch.run()
case "bench":
    let corpus = arguments.firstIndex(of: "--corpus").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    try Bench.run(quick: arguments.contains("--quick"), sqliteDir: NSTemporaryDirectory(), corpusOut: corpus)
default:
    FileHandle.standardError.write(Data("usage: cairn-ipld-tool crash-writer DB | state-writer DIR | diff-batch | bench [--quick] [--corpus FILE.car]\n".utf8))
    exit(2)
}
