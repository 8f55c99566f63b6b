import CairnIPLD
import Foundation

enum Bench {
    static func run(quick: Bool, sqliteDir: String) throws {
        print("bench: not yet")
    }
}
