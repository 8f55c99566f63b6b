import CairnIPLD
import Foundation

/// The Swift side of `scripts/ipld-difftest.py`: one hex DAG-CBOR block per input line; for
/// each, "OK <re-encoded hex> <CIDv1 sha2-256> <CIDv1 blake2b-256>" or "ERR <reason>".
enum DiffBatch {
    static func run() {
        var out = ""
        while let line = readLine() {
            guard let bytes = Base16.decode(line.trimmingCharacters(in: .whitespaces)) else {
                out += "ERR malformed hex\n"
                continue
            }
            do {
                let again = try DAGCBOR.encode(try DAGCBOR.decode(bytes))
                let sha = CID(codec: .dagCBOR, hashing: again, with: .sha2_256)
                let blake = CID(codec: .dagCBOR, hashing: again, with: .blake2b256)
                out += "OK \(Base16.encode(again)) \(sha) \(blake)\n"
            } catch {
                out += "ERR \(error)\n"
            }
            if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}
