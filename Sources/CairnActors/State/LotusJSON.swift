import CairnIPLD
import Foundation

/// Lotus-style JSON for messages and receipts (the field names of Lotus's JSON-RPC API), for
/// logs, tools and comparing with a Lotus node by eye. Keys come in Lotus's order; addresses
/// are mainnet text, amounts decimal attoFIL strings, byte fields base64 (null when empty),
/// CIDs `{"/": "..."}`. Rendering only: nothing here is hashed or parsed back.
public enum LotusJSON {
    /// `{"Version":..,"To":..,"From":..,"Nonce":..,"Value":..,"GasLimit":..,"GasFeeCap":..,
    /// "GasPremium":..,"Method":..,"Params":..,"CID":{"/":..}}`.
    public static func render(_ message: Message) throws(ActorDataError) -> String {
        object([
            ("Version", String(message.version)),
            ("To", quoted(message.to.description)),
            ("From", quoted(message.from.description)),
            ("Nonce", String(message.sequence)),
            ("Value", quoted(String(message.value.atto))),
            ("GasLimit", String(message.gasLimit)),
            ("GasFeeCap", quoted(String(message.gasFeeCap.atto))),
            ("GasPremium", quoted(String(message.gasPremium.atto))),
            ("Method", String(message.method)),
            ("Params", bytes(message.params)),
            ("CID", link(try message.cid())),
        ])
    }

    /// `{"ExitCode":..,"Return":..,"GasUsed":..,"EventsRoot":..}`.
    public static func render(_ receipt: Receipt) -> String {
        object([
            ("ExitCode", String(receipt.exitCode.rawValue)),
            ("Return", bytes(receipt.returnData)),
            ("GasUsed", String(receipt.gasUsed)),
            ("EventsRoot", receipt.eventsRoot.map(link) ?? "null"),
        ])
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    private static func bytes(_ data: [UInt8]) -> String {
        data.isEmpty ? "null" : quoted(Data(data).base64EncodedString())
    }

    private static func link(_ cid: CID) -> String { "{\"/\":\(quoted(cid.description))}" }

    /// A JSON string; the values rendered here (addresses, digits, base64, CIDs) need no escapes
    /// beyond these, which keep arbitrary text valid.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
