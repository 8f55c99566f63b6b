import BigInt
import CairnIPLD
import Testing
@testable import CairnActors

/// Addresses against the vectors of ref-fvm's `shared/tests/address_test.rs` and go-address's
/// `address_test.go`, and f4 strings computed independently with Python (hashlib's BLAKE2b, base64).
@Suite struct AddressTests {
    /// (uncompressed public key, f1 string): ref-fvm `secp256k1_address`, go-address `TestVectorSecp256k1Address`.
    static let secpVectors: [([UInt8], String)] = [
        ([4, 148, 2, 250, 195, 126, 100, 50, 164, 22, 163, 160, 202, 84, 38, 181, 24, 90, 179, 178, 79, 97, 52, 239, 162, 92, 228, 135, 200, 45, 46, 78, 19, 191, 69, 37, 17, 224, 210, 36, 84, 33, 248, 97, 59, 193, 13, 114, 250, 33, 102, 102, 169, 108, 59, 193, 57, 32, 211, 255, 35, 63, 208, 188, 5],
         "f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq"),
        ([4, 118, 135, 185, 16, 55, 155, 242, 140, 190, 58, 234, 103, 75, 18, 0, 12, 107, 125, 186, 70, 255, 192, 95, 108, 148, 254, 42, 34, 187, 204, 38, 2, 255, 127, 92, 118, 242, 28, 165, 93, 54, 149, 145, 82, 176, 225, 232, 135, 145, 124, 57, 53, 118, 238, 240, 147, 246, 30, 189, 58, 208, 111, 127, 218],
         "f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a"),
        ([4, 222, 253, 208, 16, 1, 239, 184, 110, 1, 222, 213, 206, 52, 248, 71, 167, 58, 20, 129, 158, 230, 65, 188, 182, 11, 185, 41, 147, 89, 111, 5, 220, 45, 96, 95, 41, 133, 248, 209, 37, 129, 45, 172, 65, 99, 163, 150, 52, 155, 35, 193, 28, 194, 255, 53, 157, 229, 75, 226, 135, 234, 98, 49, 155],
         "f1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva"),
        ([4, 3, 237, 18, 200, 20, 182, 177, 13, 46, 224, 157, 149, 180, 104, 141, 178, 209, 128, 208, 169, 163, 122, 107, 106, 125, 182, 61, 41, 129, 30, 233, 115, 4, 121, 216, 239, 145, 57, 233, 18, 73, 202, 189, 57, 50, 145, 207, 229, 210, 119, 186, 118, 222, 69, 227, 224, 133, 163, 118, 129, 191, 54, 69, 210],
         "f1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa"),
        ([4, 247, 150, 129, 154, 142, 39, 22, 49, 175, 124, 24, 151, 151, 181, 69, 214, 2, 37, 147, 97, 71, 230, 1, 14, 101, 98, 179, 206, 158, 254, 139, 16, 20, 65, 97, 169, 30, 208, 180, 236, 137, 8, 0, 37, 63, 166, 252, 32, 172, 144, 251, 241, 251, 242, 113, 48, 164, 236, 195, 228, 3, 183, 5, 118],
         "f1xcbgdhkgkwht3hrrnui3jdopeejsoatkzmoltqy"),
        ([4, 66, 131, 43, 248, 124, 206, 158, 163, 69, 185, 3, 80, 222, 125, 52, 149, 133, 156, 164, 73, 5, 156, 94, 136, 221, 231, 66, 133, 223, 251, 158, 192, 30, 186, 188, 95, 200, 98, 104, 207, 234, 235, 167, 174, 5, 191, 184, 214, 142, 183, 90, 82, 104, 120, 44, 248, 111, 200, 112, 43, 239, 138, 31, 224],
         "f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy"),
    ]

    /// (data hashed into the f2 payload, f2 string): ref-fvm `actor_address`.
    static let actorVectors: [([UInt8], String)] = [
        ([118, 18, 129, 144, 205, 240, 104, 209, 65, 128, 68, 172, 192, 62, 11, 103, 129, 151, 13, 96], "f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i"),
        ([44, 175, 184, 226, 224, 107, 186, 152, 234, 101, 124, 92, 245, 244, 32, 35, 170, 35, 232, 142], "f25nml2cfbljvn4goqtclhifepvfnicv6g7mfmmvq"),
        ([2, 44, 158, 14, 162, 157, 143, 64, 197, 106, 190, 195, 92, 141, 88, 125, 160, 166, 76, 24], "f2nuqrg7vuysaue2pistjjnt3fadsdzvyuatqtfei"),
        ([223, 236, 3, 14, 32, 79, 15, 89, 216, 15, 29, 94, 233, 29, 253, 6, 109, 127, 99, 189], "f24dd4ox4c2vpf5vk5wkadgyyn6qtuvgcpxxon64a"),
        ([61, 58, 137, 232, 221, 171, 84, 120, 50, 113, 108, 109, 70, 140, 53, 96, 201, 244, 127, 216], "f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y"),
    ]

    /// (BLS public key, f3 string): ref-fvm `bls_address`.
    static let blsVectors: [([UInt8], String)] = [
        ([173, 88, 223, 105, 110, 45, 78, 145, 234, 134, 200, 129, 233, 56, 186, 78, 168, 27, 57, 94, 18, 121, 123, 132, 185, 207, 49, 75, 149, 70, 112, 94, 131, 156, 122, 153, 214, 6, 178, 71, 221, 180, 249, 172, 122, 52, 20, 221],
         "f3vvmn62lofvhjd2ugzca6sof2j2ubwok6cj4xxbfzz4yuxfkgobpihhd2thlanmsh3w2ptld2gqkn2jvlss4a"),
        ([179, 41, 79, 10, 46, 41, 224, 198, 110, 188, 35, 93, 47, 237, 202, 86, 151, 191, 120, 74, 246, 5, 199, 90, 246, 8, 230, 166, 61, 92, 211, 142, 168, 92, 168, 152, 158, 14, 253, 233, 24, 139, 56, 47, 147, 114, 70, 13],
         "f3wmuu6crofhqmm3v4enos73okk2l366ck6yc4owxwbdtkmpk42ohkqxfitcpa57pjdcftql4tojda2poeruwa"),
        ([150, 161, 163, 228, 234, 122, 20, 212, 153, 133, 230, 97, 178, 36, 1, 212, 79, 237, 64, 45, 29, 9, 37, 178, 67, 201, 35, 88, 156, 15, 188, 126, 50, 205, 4, 226, 158, 215, 141, 21, 211, 125, 58, 170, 63, 230, 218, 51],
         "f3s2q2hzhkpiknjgmf4zq3ejab2rh62qbndueslmsdzervrhapxr7dftie4kpnpdiv2n6tvkr743ndhrsw6d3a"),
        ([134, 180, 84, 37, 140, 88, 148, 117, 247, 209, 111, 90, 172, 1, 138, 121, 246, 193, 22, 157, 32, 252, 51, 146, 29, 216, 181, 206, 28, 172, 108, 52, 143, 144, 163, 96, 54, 36, 246, 174, 185, 27, 100, 81, 140, 46, 128, 149],
         "f3q22fijmmlckhl56rn5nkyamkph3mcfu5ed6dheq53c244hfmnq2i7efdma3cj5voxenwiummf2ajlsbxc65a"),
        ([167, 114, 107, 3, 128, 34, 247, 90, 56, 70, 23, 88, 83, 96, 206, 230, 41, 7, 10, 45, 157, 40, 113, 41, 101, 229, 242, 110, 204, 64, 133, 131, 130, 128, 55, 36, 237, 52, 242, 114, 3, 54, 240, 157, 182, 49, 240, 116],
         "f3u5zgwa4ael3vuocgc5mfgygo4yuqocrntuuhcklf4xzg5tcaqwbyfabxetwtj4tsam3pbhnwghyhijr5mixa"),
    ]

    /// (ID, f0 string, DAG-CBOR bytes): ref-fvm `id_address` and `cbor_encoding`.
    static let idVectors: [(UInt64, String, [UInt8]?)] = [
        (0, "f00", [66, 0, 0]), (1, "f01", [66, 0, 1]), (10, "f010", [66, 0, 10]), (150, "f0150", [67, 0, 150, 1]),
        (499, "f0499", [67, 0, 243, 3]), (1024, "f01024", [67, 0, 128, 8]), (1729, "f01729", [67, 0, 193, 13]),
        (999_999, "f0999999", [68, 0, 191, 132, 61]), (UInt64.max, "f018446744073709551615", nil),
    ]

    /// DAG-CBOR of the f1/f2 vectors (ref-fvm `cbor_encoding`): 0x55 = bytes(21).
    static let cborVectors: [(String, [UInt8])] = [
        ("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrq", [85, 1, 234, 15, 14, 160, 57, 178, 145, 160, 240, 143, 209, 121, 224, 85, 106, 140, 50, 119, 192, 211]),
        ("f12fiakbhe2gwd5cnmrenekasyn6v5tnaxaqizq6a", [85, 1, 209, 80, 5, 4, 228, 209, 172, 62, 137, 172, 137, 26, 69, 2, 88, 111, 171, 217, 180, 23]),
        ("f1wbxhu3ypkuo6eyp6hjx6davuelxaxrvwb2kuwva", [85, 1, 176, 110, 122, 111, 15, 85, 29, 226, 97, 254, 58, 111, 225, 130, 180, 34, 238, 11, 198, 182]),
        ("f1xtwapqc6nh4si2hcwpr3656iotzmlwumogqbuaa", [85, 1, 188, 236, 7, 192, 94, 105, 249, 36, 104, 226, 179, 227, 191, 119, 200, 116, 242, 197, 218, 140]),
        ("f17uoq6tp427uzv7fztkbsnn64iwotfrristwpryy", [85, 1, 253, 29, 15, 77, 252, 215, 233, 154, 252, 185, 154, 131, 38, 183, 220, 69, 157, 50, 198, 40]),
        ("f24vg6ut43yw2h2jqydgbg2xq7x6f4kub3bg6as6i", [85, 2, 229, 77, 234, 79, 155, 197, 180, 125, 38, 24, 25, 130, 109, 94, 31, 191, 139, 197, 80, 59]),
        ("f25nml2cfbljvn4goqtclhifepvfnicv6g7mfmmvq", [85, 2, 235, 88, 189, 8, 161, 90, 106, 222, 25, 208, 152, 150, 116, 20, 143, 169, 90, 129, 87, 198]),
        ("f2nuqrg7vuysaue2pistjjnt3fadsdzvyuatqtfei", [85, 2, 109, 33, 19, 126, 180, 196, 129, 66, 105, 232, 148, 210, 150, 207, 101, 0, 228, 60, 215, 20]),
        ("f24dd4ox4c2vpf5vk5wkadgyyn6qtuvgcpxxon64a", [85, 2, 224, 199, 199, 95, 130, 213, 94, 94, 213, 93, 178, 128, 51, 99, 13, 244, 39, 74, 152, 79]),
        ("f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", [85, 2, 49, 107, 76, 31, 245, 212, 175, 183, 130, 108, 234, 181, 187, 15, 44, 62, 15, 54, 64, 83]),
    ]

    /// (namespace, subaddress, f4 string): ref-fvm `delegated_address` (first three) and Python.
    static let delegatedVectors: [(UInt64, [UInt8], String)] = [
        (32, [UInt8](repeating: 0xff, count: 5), "f432f77777777x32lpna"),
        (UInt64.max, [], "f418446744073709551615ftnkyfaq"),
        (UInt64.max, [UInt8](repeating: 0, count: 54),
         "f418446744073709551615faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaafbbuagu"),
        (10, hex("351f3a0fafc8ff97d5359f793a0e5d5206d9bb0d"), "f410fguptud5pzd7zpvjvt54tuds5kidntoyn3oivr6y"),
        (10, [UInt8](repeating: 0, count: 20), "f410faaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaonc6iji"),
    ]

    /// Encodes, parses, and round-trips through bytes, on both networks.
    func check(_ address: Address, _ expected: String) throws {
        #expect(address.string(network: .mainnet) == expected)
        #expect(address.description == expected)
        let testnet = "t" + expected.dropFirst()
        #expect(address.string(network: .testnet) == testnet)
        let parsed = try Address.parse(expected)
        #expect(parsed.address == address && parsed.network == .mainnet)
        let parsedTest = try Address.parse(testnet)
        #expect(parsedTest.address == address && parsedTest.network == .testnet)
        #expect(try Address(bytes: address.bytes) == address)
        #expect(try Address(ipld: DAGCBOR.decode(DAGCBOR.encode(address.ipld))) == address)
    }

    @Test func secp256k1Vectors() throws {
        for (key, text) in Self.secpVectors {
            let address = try Address.secp256k1(publicKey: key)
            #expect(address.addressProtocol == .secp256k1)
            try check(address, text)
        }
    }

    @Test func actorVectors() throws {
        for (data, text) in Self.actorVectors { try check(Address.actor(from: data), text) }
    }

    @Test func blsVectors() throws {
        for (key, text) in Self.blsVectors {
            let address = try Address.bls(publicKey: key)
            #expect(address.payload == key)
            try check(address, text)
        }
    }

    @Test func idVectors() throws {
        for (id, text, cbor) in Self.idVectors {
            try check(.id(id), text)
            if let cbor { #expect(try DAGCBOR.encode(Address.id(id).ipld) == cbor) }
        }
        // u64::MAX takes ten LEB128 bytes.
        #expect(Address.id(.max).bytes == [0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    }

    @Test func cborVectors() throws {
        for (text, cbor) in Self.cborVectors {
            let address = try #require(Address(text))
            #expect(try DAGCBOR.encode(address.ipld) == cbor)
            #expect(try Address(ipld: DAGCBOR.decode(cbor)) == address)
        }
        // BLS: bytes(49) = 0x58 0x31, protocol 3, the key.
        let (key, text) = Self.blsVectors[0]
        #expect(try DAGCBOR.encode(#require(Address(text)).ipld) == [0x58, 49, 3] + key)
    }

    @Test func delegatedVectors() throws {
        for (namespace, sub, text) in Self.delegatedVectors {
            let address = try Address(delegatedNamespace: namespace, subaddress: sub)
            try check(address, text)
        }
        #expect(try Address(delegatedNamespace: 10, subaddress: [1, 2]).bytes == [4, 10, 1, 2])
        #expect(throws: AddressError.invalidPayloadLength(55)) { try Address(delegatedNamespace: 10, subaddress: [UInt8](repeating: 0, count: 55)) }
        // A well-checksummed f4 text whose subaddress is one byte too long.
        let long = [UInt8](repeating: 7, count: 55)
        let text = "f410f" + AddressBase32.encode(long + BLAKE2b.hash([4, 10] + long, digestLength: 4))
        #expect(throws: AddressError.invalidPayloadLength(55)) { try Address.parse(text) }
    }

    /// ref-fvm `invalid_string_addresses` (with ref-fvm v4's f4 parsing) and Cairn's stricter decimals.
    @Test func invalidStrings() {
        let cases: [(String, AddressError)] = [
            ("Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", .unknownNetwork),
            ("f5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", .unknownProtocol),
            ("f2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y", .invalidChecksum),
            ("f0banananananannnnnnnnn", .invalidLength),
            ("f0banananananannnnnnnn", .invalidPayload),
            ("f2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y", .base32(position: 16)),
            ("f2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y", .base32(position: 14)),
            ("f2", .invalidLength),
            ("f0", .invalidLength),
            ("f018446744073709551616", .invalidPayload),  // u64::MAX + 1
            ("f0007", .invalidPayload),  // leading zero: ref-fvm accepts, Cairn wants the one canonical form
            ("f0+7", .invalidPayload),
            ("f4gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y", .invalidPayload),  // f4 namespace "g"
            ("f432", .invalidPayload),  // no "f" separator
            ("f432f77777777x32lpma", .invalidChecksum),
            ("f432f77777777x32lpnb", .base32(position: 14)),  // non-zero padding bits
            ("f410f" + String(repeating: "a", count: 96), .invalidChecksum),
            ("f1" + String(repeating: "a", count: 38), .base32(position: 38)),  // a length no encoder produces
            ("f15ihq5ibzwki2b4ep2f46avlkrqzhpqgtga7pdrr", .base32(position: 38)),  // non-zero padding bits
            ("f1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", .invalidChecksum),
            ("ö", .invalidLength),
            ("fömk3zcefvlgpay4f32c5vmruk5gqig6dumc7pz6q", .unknownProtocol),
        ]
        for (text, error) in cases {
            #expect(throws: error, "\(text)") { try Address.parse(text) }
        }
        #expect(Address("t1234") == nil)
        #expect(Address(String(repeating: "f", count: 139)) == nil)
    }

    /// ref-fvm `invalid_byte_addresses` and go-address's ID edge cases.
    @Test func invalidBytes() throws {
        let cases: [([UInt8], AddressError)] = [
            ([5, 4, 4], .unknownProtocol),
            ([0], .invalidLength),
            ([], .invalidLength),
            ([1] + [UInt8](repeating: 0, count: 21), .invalidPayloadLength(21)),
            ([1] + [UInt8](repeating: 0, count: 19), .invalidPayloadLength(19)),
            ([2] + [UInt8](repeating: 0, count: 21), .invalidPayloadLength(21)),
            ([2] + [UInt8](repeating: 0, count: 19), .invalidPayloadLength(19)),
            ([3] + [UInt8](repeating: 0, count: 49), .invalidPayloadLength(49)),
            ([3] + [UInt8](repeating: 0, count: 47), .invalidPayloadLength(47)),
            ([0, 0x80], .invalidPayload),  // truncated LEB128 (go-address TestIDEdgeCase)
            ([0, 67, 0, 1, 2], .invalidPayload),  // trailing bytes (ref-fvm test_from_leb_bytes_extra_bytes)
            ([0, 0x82, 0x00], .invalidPayload),  // not minimal
            ([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02], .invalidPayload),  // 2^64
            ([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x01], .invalidPayload),  // 11 bytes
            ([4, 0x80], .invalidPayload),
            ([4, 10] + [UInt8](repeating: 0, count: 55), .invalidPayloadLength(55)),
        ]
        for (bytes, error) in cases {
            #expect(throws: error, "\(bytes)") { try Address(bytes: bytes) }
        }
        #expect(try Address(bytes: [0, 67]) == .id(67))
        #expect(try Address(bytes: [4, 4, 4]) == .delegated(namespace: 4, subaddress: [4]))
        #expect(throws: ActorDataError.shape("address: expected bytes, got string")) { try Address(ipld: .string("f01")) }
    }

    /// filecoin-project/serialization-vectors `unsigned_messages.json` (the pre-fee-market,
    /// 8-field message: to, from, nonce, value, gas price, gas limit, method, params): the
    /// addresses (IDs above 2^63, so 10-byte LEB128) and amounts must be the encoded fields.
    static let lotusMessages: [(to: String, from: String, value: String, gasPrice: String, cbor: String)] = [
        ("t013389068808970846986", "t2ch7krq7l35i74rebqbjdsp3ucl47t24e3juxjfa", "11416382733294334924", "5210983352187082620",
         "884b008a86e1bfcbe4e1e7b901550211fea8c3ebdf51fe44818052393f7412f9f9eb841ba1c9c7834b2dd43f49009e6f239bfde973cc4900485121bff595d77c1b651797955649199a1b9f324771a124d3555820bf84693c6f5986e5cb65cc932c20e1e03ba83fb9d5b6fc61777fd9450202b412"),
        ("t03832874859695014541", "t1pyfq7dg6sq65acyomqvzvbgwni4zllglqffw5dy", "2336524996408783450", "4555274658731024958",
         "884a008d8596858aecc6983555017e0b0f8cde943dd00b0e642b9a84d66a3995accb1bf857a03876fccee64900206d011ad3c4325a49003f37962ad000623e1b59f6cf73f341d33f1b1501182f57a7ff3758202ef03ff890b116d166c1c50a0879167abb536e57a235171c9913b6614e1cdff4"),
        ("t07806671100947809543", "t1cyg66djxytxhzdq7ynoqfxk7xinp6xsejbeufli", "7445614829779086639", "7390413385876731229",
         "884a00878ab5d293c0b7ab6c5501160def0d37c4ee7c8e1fc35d02dd5fba1aff5e441bda3f73c43cb890f649006754233d375ced2f4900669005d18079755d1b5ae103d49f1d39491bc898786541759bcb582009c804b9e79e5a8474a9865477c3d78817dd216d6c5dd80c604c1ae990720679"),
        ("t016323823421156475669", "t14mb3j32uuwajy5b2mliz63isp6zl5xkppzyuhfy", "16697536397875723426", "14680071226922488587",
         "884b009586efd1a0ddf7c4e2015501e303b4ef54a5809c743a62d19f6d127fb2bedd4f1b4b689947f426af204900e7b990e2f389bca24900cbba1700a625d30b1b2d11d5e1d7eae7bb1b1c9dd86be9c6cfc25820723f35527ecc2959075fab199ccd3dcfc284cd3260833c2557929f457c895843"),
        ("t01902762716708433834", "t1ly3ynedw74p4q3ytdnb4stjdkiodrl54moeyxea", "3001273522196893515", "7497561247630821085",
         "884a00aadf8deac093feb31a55015e37869076ff1fc86f131b43c94d23521c38afbc1bce30740f68f3f19f490029a6aa5df454cf4b4900680cb03b1ec506dd1b57690755a0753ef31b5e341766b0a0cad55820d6008044370aad3d7b84d28f7902c892e981862fb4c111d6cc6e563fcaf5d189"),
    ]

    @Test func lotusSerializationVectors() throws {
        for vector in Self.lotusMessages {
            guard case .list(let fields) = try DAGCBOR.decode(hex(vector.cbor)) else { Issue.record("not a list"); continue }
            let to = try Address.parse(vector.to), from = try Address.parse(vector.from)
            #expect(to.network == .testnet && from.network == .testnet)
            #expect(fields[0] == to.address.ipld)
            #expect(fields[1] == from.address.ipld)
            #expect(try Address(ipld: fields[0]).string(network: .testnet) == vector.to)
            #expect(try Address(ipld: fields[1]).string(network: .testnet) == vector.from)
            #expect(try fields[3] == TokenAmount(atto: #require(BigInt(vector.value))).ipld())
            #expect(try fields[4] == TokenAmount(atto: #require(BigInt(vector.gasPrice))).ipld())
        }
    }

    @Test func secp256k1KeyLength() {
        #expect(throws: AddressError.invalidSecp256k1KeyLength(64)) { try Address.secp256k1(publicKey: [UInt8](repeating: 8, count: 64)) }
        #expect(throws: AddressError.invalidSecp256k1KeyLength(66)) { try Address.secp256k1(publicKey: [UInt8](repeating: 8, count: 66)) }
        #expect(throws: AddressError.invalidPayloadLength(47)) { try Address.bls(publicKey: [UInt8](repeating: 8, count: 47)) }
        #expect(throws: Never.self) { try Address.secp256k1(publicKey: [UInt8](repeating: 8, count: 65)) }
    }

    /// Every binary form of a few random shapes round-trips through text and bytes.
    @Test func randomRoundTrips() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let bytes = (0..<54).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let candidates: [Address] = [
                .id(UInt64.random(in: 0...UInt64.max, using: &rng)),
                .id(UInt64.random(in: 0...1_000_000, using: &rng)),
                .secp256k1(Array(bytes.prefix(20))),
                .actor(Array(bytes.suffix(20))),
                .bls(Array(bytes.prefix(48))),
                try Address(delegatedNamespace: UInt64.random(in: 0...UInt64.max, using: &rng),
                            subaddress: Array(bytes.prefix(Int.random(in: 0...54, using: &rng)))),
            ]
            for address in candidates {
                #expect(try Address(bytes: address.bytes) == address)
                #expect(try Address.parse(address.string(network: .testnet)).address == address)
                #expect(address.bytes.count <= Address.maxLength)
            }
        }
    }
}

func hex(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        out.append(UInt8(text[index..<next], radix: 16)!)
        index = next
    }
    return out
}
