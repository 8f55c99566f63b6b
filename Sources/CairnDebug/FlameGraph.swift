/// A self-contained SVG flame graph of a ``GasProfile``: one rectangle per call-stack frame,
/// as wide as the gas spent in it and its callees, callers below callees; each rectangle
/// names its function (when it fits) and carries a `<title>` tooltip with the numbers.
/// No script: any browser or image viewer shows it.
public enum FlameGraph {
    /// A node of the merged call tree.
    final class Node {
        let name: String
        var total: UInt64 = 0
        var children: [String: Node] = [:]
        init(_ name: String) { self.name = name }
    }

    /// The SVG text; `title` heads the image, `unit` names what widths measure ("gas").
    public static func svg(_ profile: GasProfile, title: String, unit: String = "gas", width: Int = 1200) -> String {
        let root = Node("all")
        for stack in profile.stacks {
            root.total &+= stack.gas
            var node = root
            for function in stack.functions {
                let next = node.children[function] ?? Node(function)
                node.children[function] = next
                next.total &+= stack.gas
                node = next
            }
        }
        let rowHeight = 17
        let depth = maximumDepth(root)
        let top = 40
        let height = top + (depth + 1) * rowHeight + 10
        var out = """
            <?xml version="1.0" standalone="no"?>
            <svg version="1.1" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" xmlns="http://www.w3.org/2000/svg">
            <rect x="0" y="0" width="\(width)" height="\(height)" fill="#f8f8f0"/>
            <text x="\(width / 2)" y="24" font-family="Verdana, sans-serif" font-size="15" text-anchor="middle">\(escaped(title))</text>

            """
        let scale = root.total == 0 ? 0 : Double(width - 20) / Double(root.total)
        func draw(_ node: Node, x: Double, level: Int) {
            let w = Double(node.total) * scale
            guard w >= 0.5 else { return }
            let y = top + (depth - level) * rowHeight
            let share = root.total == 0 ? 0 : Double(node.total) * 100 / Double(root.total)
            let percent = String(Int(share * 100) / 100) + "." + String(format2(Int(share * 100) % 100))
            out += "<g><title>\(escaped(node.name)): \(node.total) \(unit) (\(percent)%)</title>"
            out += "<rect x=\"\(fixed(x))\" y=\"\(y)\" width=\"\(fixed(w))\" height=\"\(rowHeight - 1)\" rx=\"2\" fill=\"\(color(node.name))\"/>"
            let fits = Int((w - 6) / 7)
            if fits >= 3 {
                let label = node.name.count <= fits ? node.name : String(node.name.prefix(fits - 2)) + ".."
                out += "<text x=\"\(fixed(x + 3))\" y=\"\(y + 12)\" font-family=\"Verdana, sans-serif\" font-size=\"11\">\(escaped(label))</text>"
            }
            out += "</g>\n"
            var childX = x
            for child in node.children.values.sorted(by: { $0.name < $1.name }) {
                draw(child, x: childX, level: level + 1)
                childX += Double(child.total) * scale
            }
        }
        draw(root, x: 10, level: 0)
        return out + "</svg>\n"
    }

    static func maximumDepth(_ node: Node) -> Int {
        node.children.values.map { 1 + maximumDepth($0) }.max() ?? 0
    }

    /// A warm colour from the name, the same on every machine (FNV-1a, not `hashValue`).
    static func color(_ name: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let red = 205 + Int(hash % 50)
        let green = 80 + Int((hash >> 8) % 130)
        let blue = Int((hash >> 16) % 55)
        return "rgb(\(red),\(green),\(blue))"
    }

    static func fixed(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(format2(hundredths % 100))"
    }

    static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
