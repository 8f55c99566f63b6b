import ArgumentParser
import BigInt
import CairnActors
import Foundation

/// `cairn evm fund DIR 0xADDR [--value ATTO]`.
struct EVMActorFundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fund",
        abstract: "Credit attoFIL to an Ethereum address in a sandbox, making its account if needed.",
        discussion: """
            The value is minted, not sent (as `cairn actor account` funds a key at genesis). An \
            address that names no actor gets a placeholder actor with its f410 address, as a \
            transfer would make; its first message (`cairn evm deploy` or `call --from` it) turns \
            it into an Ethereum account (EthAccount), as in FEVM. Prints the actor's f0, f410 and \
            0x addresses. The sandbox comes from `cairn actor init DIR`.
            """)

    @Argument(help: "The sandbox (made by `cairn actor init`).") var directory: String
    @Argument(help: "The Ethereum address: 0x and 40 hex digits.") var address: String
    @Option(help: "AttoFIL (= wei) to credit, a whole number.") var value = "1000000000000000000000000"

    func run() throws {
        let sandbox = ActorSandbox(path: directory)
        let eth = EVMActorIO.ethAddress(address, role: "address")
        let amount = EVMActorIO.atto(value, role: "--value")
        let id = ActorIO.checked("fund \(eth)") { try sandbox.machine.mint(amount, to: eth) }
        sandbox.commit()
        print(Address.id(id))
        print(eth.filecoinAddress)
        print(eth)
    }
}
