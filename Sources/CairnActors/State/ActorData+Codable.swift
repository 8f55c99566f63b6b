import CairnIPLD
import Foundation

// `Codable` for the types actor parameters and return values embed, so a struct conforming to
// `IPLDTupleCodable` (Filecoin's `serde_tuple`) with `Address` or `TokenAmount` fields encodes
// through `IPLDCoder` exactly as fvm_shared serialises it: both as byte strings (`Data`, which
// IPLDCoder writes as CBOR bytes).

extension Address: Codable {
    public init(from decoder: any Decoder) throws {
        let bytes = try decoder.singleValueContainer().decode(Data.self)
        self = try Address(bytes: [UInt8](bytes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(bytes))
    }
}

extension TokenAmount: Codable {
    public init(from decoder: any Decoder) throws {
        let bytes = try decoder.singleValueContainer().decode(Data.self)
        self = try TokenAmount(encodedBytes: [UInt8](bytes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(try encodedBytes()))
    }
}

extension ExitCode: Codable {}
