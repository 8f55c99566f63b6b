import Cairn
import Testing

/// Value generators for the value-encoding property tests.
extension TestRandom {
    /// 32 bits, biased towards the edges: zero, extremes, signed zero, infinities and NaNs
    /// with payloads.
    mutating func bits32() -> UInt32 {
        switch below(4) {
        case 0:
            return pick([0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x7F80_0000, 0xFF80_0000,
                         0x7FC0_0000, 0xFFC0_0000, 0x7F80_0001, 0x7FBF_FFFF, 0x0000_0001, 0x3F80_0000])
        case 1:
            // A NaN with a random sign and a random non-zero payload.
            let payload = UInt32(truncatingIfNeeded: next()) & 0x007F_FFFF
            let sign = UInt32(truncatingIfNeeded: next()) & 0x8000_0000
            return sign | 0x7F80_0000 | (payload == 0 ? 1 : payload)
        default:
            return UInt32(truncatingIfNeeded: next())
        }
    }

    /// 64 bits, biased like ``bits32()``.
    mutating func bits64() -> UInt64 {
        switch below(4) {
        case 0:
            return pick([0, 1, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, .max,
                         0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
                         0xFFF8_0000_0000_0000, 0x7FF0_0000_0000_0001, 0x7FF7_FFFF_FFFF_FFFF,
                         0x3FF0_0000_0000_0000, 0xFFFF_FFFF])
        case 1:
            let payload = next() & 0x000F_FFFF_FFFF_FFFF
            let sign = next() & 0x8000_0000_0000_0000
            return sign | 0x7FF0_0000_0000_0000 | (payload == 0 ? 1 : payload)
        default:
            return next()
        }
    }

    mutating func value() -> Value {
        switch below(6) {
        case 0: return .i32(bits32())
        case 1: return .i64(bits64())
        case 2: return .f32(bits32())
        case 3: return .f64(bits64())
        case 4:
            switch below(4) {
            case 0: return .funcref(nil)
            case 1: return .funcref(pick([0, 1, Int.max]))
            default: return .funcref(Int(truncatingIfNeeded: bits64() & UInt64(Int.max)))
            }
        default:
            switch below(4) {
            case 0: return .externref(nil)
            case 1: return .externref(pick([0, 1, UInt64.max]))
            default: return .externref(bits64())
            }
        }
    }

    mutating func values(maxCount: Int) -> [Value] {
        (0..<below(maxCount + 1)).map { _ in value() }
    }
}

/// Lowercase hex, two digits per byte, no separators.
private func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
}

/// Bytes from hex text; spaces are ignored.
private func bytes(_ text: String) -> [UInt8] {
    let digits = Array(text.filter { $0 != " " })
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// The decoding error for `input`, or nil if it decodes.
private func rejection(_ input: [UInt8]) -> ValueDecodingError? {
    do {
        _ = try ValueEncoding.decode(input)
        return nil
    } catch {
        return error
    }
}

private func rejectionOfOne(_ input: [UInt8]) -> ValueDecodingError? {
    do {
        _ = try ValueEncoding.decodeOne(input)
        return nil
    } catch {
        return error
    }
}

/// The exact size of a value's encoding, from the format's table.
private func encodedSize(_ value: Value) -> Int {
    switch value {
    case .i32, .f32: 5
    case .i64, .f64: 9
    case .funcref(let a): a == nil ? 2 : 10
    case .externref(let v): v == nil ? 2 : 10
    }
}

@Suite struct ValueEncodingTests {
    @Test func workedExamplesFromTheDocs() throws {
        let first: [Value] = [.i32(1), .f64(0x8000_0000_0000_0000)]
        #expect(hex(ValueEncoding.encode(first)) == "027f010000007c0000000000000080")
        let second: [Value] = [.funcref(nil), .externref(5), .f32(0x7FC0_0001)]
        #expect(hex(ValueEncoding.encode(second)) == "03" + "7000" + "6f01" + "0500000000000000" + "7d" + "0100c07f")
        #expect(try ValueEncoding.decode(bytes("03 70 00 6f 01 05 00 00 00 00 00 00 00 7d 01 00 c0 7f")) == second)
        #expect(hex(ValueEncoding.encode(.funcref(3))) == "70010300000000000000")
        #expect(try ValueEncoding.decodeOne(bytes("70 01 03 00 00 00 00 00 00 00")) == .funcref(3))
        #expect(ValueEncoding.encode([Value]()) == [0x00])
        #expect(try ValueEncoding.decode([0x00]) == [])
    }

    @Test func countIsShortestLEB128() throws {
        for count in [0, 1, 127, 128, 300, 16_383, 16_384] {
            let values = [Value](repeating: .funcref(nil), count: count)
            let encoded = ValueEncoding.encode(values)
            let countBytes = count < 128 ? 1 : count < 16_384 ? 2 : 3
            #expect(encoded.count == countBytes + 2 * count)
            #expect(try ValueEncoding.decode(encoded) == values)
        }
        #expect(Array(ValueEncoding.encode([Value](repeating: .externref(nil), count: 300)).prefix(2)) == [0xAC, 0x02])
    }

    @Test func randomListsRoundTrip() throws {
        var random = TestRandom(state: 0x9E37_79B9_7F4A_7C15)
        var mismatches = 0
        for round in 0..<10_000 {
            // Mostly short lists; every 500th is long enough for a multi-byte count.
            let values = random.values(maxCount: round % 500 == 0 ? 300 : 12)
            let encoded = ValueEncoding.encode(values)
            let decoded = try ValueEncoding.decode(encoded)
            if decoded != values { mismatches += 1 }
            // The list is its count followed by the single-value encodings, and sizes are exact.
            let body = values.flatMap { ValueEncoding.encode($0) }
            if Array(encoded.suffix(body.count)) != body { mismatches += 1 }
            if body.count != values.map(encodedSize).reduce(0, +) { mismatches += 1 }
            for value in values.prefix(2) where try ValueEncoding.decodeOne(ValueEncoding.encode(value)) != value {
                mismatches += 1
            }
        }
        #expect(mismatches == 0)
    }

    @Test func specialBitPatternsSurvive() throws {
        let values: [Value] = [
            .f32(0x8000_0000), .f64(0x8000_0000_0000_0000),      // -0.0
            .f32(0x7FA0_0001), .f32(0xFFC0_1234),                // NaNs with payloads
            .f64(0x7FF0_0000_0000_0001), .f64(0xFFF8_DEAD_BEEF_0001),
            .i32(.max), .i64(.max), .i32(0), .i64(0),
            .funcref(nil), .funcref(0), .funcref(Int.max),
            .externref(nil), .externref(0), .externref(.max),
        ]
        #expect(try ValueEncoding.decode(ValueEncoding.encode(values)) == values)
    }

    @Test func randomBytesDecodeCanonicallyOrAreRejected() {
        var random = TestRandom(state: 0xD1B5_4A32_D192_ED03)
        let interesting: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x7F, 0x7E, 0x7D, 0x7C, 0x70, 0x6F, 0x80, 0xFF]
        var accepted = 0
        var rejected = 0
        var failures: [String] = []
        for round in 0..<100_000 {
            var input: [UInt8]
            if round % 2 == 0 {
                // Raw bytes, biased towards tags, flags and small counts.
                input = (0..<random.below(41)).map { _ in
                    random.below(2) == 0 ? random.pick(interesting) : UInt8(truncatingIfNeeded: random.next())
                }
            } else {
                // A mutation of a valid encoding.
                input = ValueEncoding.encode(random.values(maxCount: 4))
                for _ in 0..<(1 + random.below(2)) {
                    switch random.below(6) {
                    case 0 where !input.isEmpty:
                        input[random.below(input.count)] ^= 1 << UInt8(random.below(8))
                    case 1 where !input.isEmpty:
                        input.removeLast(1 + random.below(input.count))
                    case 2:
                        input += (0..<(1 + random.below(4))).map { _ in random.pick(interesting) }
                    case 3 where !input.isEmpty:
                        input.remove(at: random.below(input.count))
                    case 4:
                        input.insert(random.pick(interesting), at: random.below(input.count + 1))
                    case 5 where !input.isEmpty:
                        input[random.below(input.count)] = UInt8(truncatingIfNeeded: random.next())
                    default:
                        break
                    }
                }
            }
            do {
                let values = try ValueEncoding.decode(input)
                accepted += 1
                if ValueEncoding.encode(values) != input, failures.count < 5 {
                    failures.append("accepted non-canonical \(hex(input))")
                }
            } catch {
                rejected += 1
                if !(0...input.count).contains(error.offset), failures.count < 5 {
                    failures.append("offset \(error.offset) outside \(hex(input))")
                }
            }
            // The single-value form obeys the same law.
            if round % 4 == 1 {
                let one = Array(input.dropFirst())
                do {
                    let value = try ValueEncoding.decodeOne(one)
                    if ValueEncoding.encode(value) != one, failures.count < 5 {
                        failures.append("decodeOne accepted non-canonical \(hex(one))")
                    }
                } catch {}
            }
        }
        #expect(failures == [])
        // Both outcomes are exercised substantially.
        #expect(accepted > 5_000)
        #expect(rejected > 5_000)
    }

    @Test func rejectsOverlongAndOversizedCounts() {
        #expect(rejection([0x80, 0x00]) == ValueDecodingError(.overlongCount, at: 0))
        #expect(rejection([0x81, 0x00, 0x70, 0x00]) == ValueDecodingError(.overlongCount, at: 0))
        #expect(rejection([0x80, 0x80, 0x00]) == ValueDecodingError(.overlongCount, at: 0))
        // 2^64 - 1 is the largest count; it is well-formed but far more than the input holds.
        let maxCount: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(rejection(maxCount) == ValueDecodingError(.countExceedsInput(count: .max, remaining: 0), at: 0))
        #expect(rejection(maxCount.dropLast() + [0x02])?.reason == .countTooLarge)
        #expect(rejection([UInt8](repeating: 0x80, count: 10) + [0x00])?.reason == .countTooLarge)
        // Two bytes per value at least: a count of 2 needs 4 more bytes.
        #expect(rejection([0x02, 0x70, 0x00, 0x6F]) == ValueDecodingError(.countExceedsInput(count: 2, remaining: 3), at: 0))
        // A count of a million in a four-byte input is rejected, not allocated for.
        #expect(rejection([0xC0, 0x84, 0x3D, 0x00])?.reason == .countExceedsInput(count: 1_000_000, remaining: 1))
    }

    @Test func rejectsBadTagsFlagsTruncationAndTrailingBytes() {
        #expect(rejection([]) == ValueDecodingError(.truncated(expected: "list count"), at: 0))
        #expect(rejection([0x80]) == ValueDecodingError(.truncated(expected: "list count"), at: 1))
        #expect(rejection([0x01, 0x7B, 0x00, 0x00, 0x00, 0x00]) == ValueDecodingError(.unknownTag(0x7B), at: 1))
        #expect(rejection([0x01, 0x00, 0x00]) == ValueDecodingError(.unknownTag(0x00), at: 1))
        #expect(rejection([0x01, 0x70, 0x02]) == ValueDecodingError(.invalidNullFlag(0x02), at: 2))
        #expect(rejection([0x01, 0x6F, 0xFF]) == ValueDecodingError(.invalidNullFlag(0xFF), at: 2))
        #expect(rejection([0x01, 0x7F, 0x01, 0x00, 0x00]) == ValueDecodingError(.truncated(expected: "i32 payload"), at: 2))
        #expect(rejection([0x01, 0x7C, 0, 0, 0, 0, 0, 0, 0])?.reason == .truncated(expected: "f64 payload"))
        #expect(rejection([0x01, 0x6F, 0x01, 0, 0, 0, 0, 0, 0, 0])?.reason == .truncated(expected: "externref value"))
        #expect(rejection([0x00, 0x00]) == ValueDecodingError(.trailingBytes(count: 1), at: 1))
        #expect(rejection([0x01, 0x70, 0x00, 0x70, 0x00]) == ValueDecodingError(.trailingBytes(count: 2), at: 3))
        // A function address must fit in a non-negative Int.
        #expect(rejection([0x01, 0x70, 0x01, 0, 0, 0, 0, 0, 0, 0, 0x80])
            == ValueDecodingError(.funcrefAddressOutOfRange(0x8000_0000_0000_0000), at: 3))
        // The single-value form: no count, nothing after the value.
        #expect(rejectionOfOne([]) == ValueDecodingError(.truncated(expected: "value tag"), at: 0))
        #expect(rejectionOfOne([0x70, 0x00, 0x00]) == ValueDecodingError(.trailingBytes(count: 1), at: 2))
        #expect(rejectionOfOne([0x7D, 0x00, 0x00, 0x80])?.reason == .truncated(expected: "f32 payload"))
    }

    @Test func errorsDescribeThemselves() {
        let error = rejection([0x01, 0x70, 0x02])
        #expect(error?.description == "invalid value encoding at byte 2: reference null flag 0x02 is neither 0x00 nor 0x01")
        #expect(rejection([0x80, 0x00])?.message == "list count is not in its shortest LEB128 form")
    }
}
