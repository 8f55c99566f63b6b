/// Names from untrusted modules (imports, exports, the name section), made safe to print.
///
/// A module's names are arbitrary UTF-8: printed raw they could write NULs, line breaks or
/// terminal escape sequences to whoever inspects the module. Every place that prints a name
/// (the disassembler, the command-line tool's messages) goes through this one helper.
public enum NameText {
    /// `name` with each backslash and control character (C0, DEL, C1, the Unicode line and
    /// paragraph separators) escaped: `\\`, `\n`, `\r`, `\t`, `\0`, else `\u{HEX}`; with
    /// `quote`, `"` as `\"` too. Printable text is unchanged. A message that already quotes
    /// its names escaped is made safe with `backslash: false`, which leaves `\` alone (the
    /// escapes stay single).
    public static func escaped(_ name: String, quote: Bool = false, backslash: Bool = true) -> String {
        var out = ""
        for scalar in name.unicodeScalars {
            switch scalar {
            case "\\" where backslash: out += "\\\\"
            case "\"" where quote: out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\\0"
            default:
                let value = scalar.value
                if value < 0x20 || (0x7F...0x9F).contains(value) || value == 0x2028 || value == 0x2029 {
                    out += "\\u{" + String(value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// `"NAME"`, escaped, as names are quoted in messages and in the disassembly.
    public static func quoted(_ name: String) -> String {
        "\"" + escaped(name, quote: true) + "\""
    }
}
