#!/usr/bin/env python3
"""Generates Cairn's instruction set from one table.

Outputs (never edit them by hand; edit this table and run `python3 scripts/gen-instructions.py`):
  Sources/CairnProgram/Generated/Instruction.swift       the `Instruction` enum
  Sources/CairnProgram/Generated/NumericLowering.swift   Wasm numeric/memory op -> Instruction
  Sources/CairnProgram/Generated/InstructionGas.swift    gas class of each instruction
  Sources/CairnProgram/Generated/InstructionCoding.swift opcodes, codec, mnemonics, decode checks
  Sources/CairnProgram/Generated/InstructionDestination.swift  retargeting results (local.set fusion)
  Sources/CairnProgram/Generated/InstructionFusion.swift immediate forms, fused compare-branches, branch targets
  Sources/CairnMachine/Generated/SwitchStep.swift        the `switch` loop's dispatch (`Store.step`)
  docs/program-format.md                                 the opcode table
  Sources/CairnVerifier/Generated/StepSemantics.swift    numeric/load/store semantics for the proof stepper
  Sources/CairnMachine/Generated/ThreadedHandlers.swift  the threaded interpreter's handlers (Swift bodies)
  Sources/CCairnThreaded/include/ThreadedHandlers.inc    their C trampolines and the handler table
"""
import pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# Hand-lowered instructions: (case, [(label, type)], doc). Their semantics are hand-written in
# the interpreter; the table gives them one definition for the enum (and later the encoder).
CONTROL = [
    ("unreachable", [], "Traps with `unreachable`."),
    ("copy", [("dst", "Slot"), ("src", "Slot")], "Copies one slot to another."),
    ("const32", [("dst", "Slot"), ("value", "UInt32")], "Writes a 32-bit constant (i32 or f32 bits)."),
    ("const64", [("dst", "Slot"), ("low", "UInt32"), ("high", "UInt32")], "Writes a 64-bit constant (i64, f64 bits or a null reference), split so that every payload stays 4-byte aligned."),
    ("select", [("dst", "Slot"), ("other", "Slot"), ("condition", "Slot")], "`dst = condition != 0 ? dst : other`; the first operand is already in `dst`."),
    ("br", [("target", "UInt32")], "Jumps to an absolute instruction offset."),
    ("brIfNez", [("condition", "Slot"), ("target", "UInt32")], "Jumps when the i32 condition is not zero."),
    ("brIfEqz", [("condition", "Slot"), ("target", "UInt32")], "Jumps when the i32 condition is zero."),
    ("brTable", [("index", "Slot"), ("targets", "UInt32"), ("count", "UInt32")], "Jumps to `brTableTargets[targets + min(index, count - 1)]`; the last entry is the default."),
    ("call", [("function", "UInt32"), ("frame", "Slot")], "Calls a function of the module; its frame starts at slot `frame`, where the arguments are, and its results are left there."),
    ("callIndirect", [("type", "UInt32"), ("table", "UInt32"), ("frame", "Slot")], "Calls through a table; the element index is in the slot after the arguments."),
    ("return", [], "Returns to the caller; results are in slots 0..<resultCount."),
    ("globalGet", [("dst", "Slot"), ("global", "UInt32")], "Reads a global."),
    ("globalSet", [("src", "Slot"), ("global", "UInt32")], "Writes a global."),
    ("memorySize", [("dst", "Slot")], "Memory size in pages."),
    ("memoryGrow", [("dst", "Slot"), ("delta", "Slot")], "Grows memory; old size or -1."),
    ("memoryFill", [("operands", "Slot")], "`memory.fill` with (destination, value, length) in three consecutive slots."),
    ("memoryCopy", [("operands", "Slot")], "`memory.copy` with (destination, source, length) in three consecutive slots."),
    ("memoryInit", [("segment", "UInt32"), ("operands", "Slot")], "`memory.init` with (destination, source, length) in three consecutive slots."),
    ("dataDrop", [("segment", "UInt32")], "Drops a passive data segment."),
    ("tableGet", [("dst", "Slot"), ("index", "Slot"), ("table", "UInt32")], "Reads a table element."),
    ("tableSet", [("index", "Slot"), ("value", "Slot"), ("table", "UInt32")], "Writes a table element."),
    ("tableSize", [("dst", "Slot"), ("table", "UInt32")], "Table size in elements."),
    ("tableGrow", [("table", "UInt32"), ("operands", "Slot")], "`table.grow` with (init value, delta) in two consecutive slots; the result replaces the first."),
    ("tableFill", [("table", "UInt32"), ("operands", "Slot")], "`table.fill` with (index, value, length) in three consecutive slots."),
    ("tableCopy", [("destinationTable", "UInt32"), ("sourceTable", "UInt32"), ("operands", "Slot")], "`table.copy` with (destination, source, length) in three consecutive slots."),
    ("tableInit", [("table", "UInt32"), ("segment", "UInt32"), ("operands", "Slot")], "`table.init` with (destination, source, length) in three consecutive slots."),
    ("elemDrop", [("segment", "UInt32")], "Drops a passive element segment."),
    ("refFunc", [("dst", "Slot"), ("function", "UInt32")], "A reference to a function of the module."),
    ("refIsNull", [("dst", "Slot"), ("src", "Slot")], "1 if the reference is null."),
    ("breakpoint", [], "Never produced by lowering: the machine plants it temporarily to stop at an exact instruction (where gas runs out, or a requested step)."),
]

# Gas class of each hand-lowered instruction (see docs/gas.md). `ends_run` marks instructions
# after which straight-line execution does not simply continue (branches, calls, returns, traps).
CONTROL_GAS = {
    "unreachable": "control", "copy": "move", "const32": "move", "const64": "move", "select": "integer",
    "br": "control", "brIfNez": "control", "brIfEqz": "control", "brTable": "control",
    "call": "call", "callIndirect": "callIndirect", "return": "control",
    "globalGet": "global", "globalSet": "global", "memorySize": "integer", "memoryGrow": "memoryGrow",
    "memoryFill": "bulk", "memoryCopy": "bulk", "memoryInit": "bulk", "dataDrop": "bulk",
    "tableGet": "table", "tableSet": "table", "tableSize": "integer", "tableGrow": "table",
    "tableFill": "bulk", "tableCopy": "bulk", "tableInit": "bulk", "elemDrop": "bulk",
    "refFunc": "move", "refIsNull": "integer", "breakpoint": "control",
}
ENDS_RUN = {"unreachable", "br", "brIfNez", "brIfEqz", "brTable", "call", "callIndirect", "return", "breakpoint"}

# What a UInt32 operand refers to, for the checks a decoded program must pass before it runs.
# Slot operands are checked against the frame size; `operands` slots name a group of consecutive
# slots whose width is given here.
OPERAND_GROUP_WIDTH = {"memoryFill": 3, "memoryCopy": 3, "memoryInit": 3, "tableGrow": 2, "tableFill": 3,
                       "tableCopy": 3, "tableInit": 3}
MEMORY_USERS = {"memorySize", "memoryGrow", "memoryFill", "memoryCopy", "memoryInit"}
def operand_kind(case, label):
    if label == "target": return "code"
    if label in ("targets", "count"): return "brTable"
    if label == "function": return "function"
    if label == "type": return "type"
    if label in ("table", "destinationTable", "sourceTable"): return "table"
    if label == "global": return "global"
    if label == "segment": return "data" if case in ("memoryInit", "dataDrop") else "element"
    return "immediate"

def operand_checks(case, ops):
    """The checks on an instruction's operands, as calls that `OperandBounds` (which says what
    is wrong) and `OperandMaxima` (which notes the operands while decoding) both answer."""
    calls = []
    for label, t in ops:
        if t == "Slot":
            if case == "callIndirect" and label == "frame":
                calls.append("callIndirectFrame(frame, type: type)")
            elif case == "call" and label == "frame":
                calls.append("slot(frame, width: 0)")
            else:
                width = OPERAND_GROUP_WIDTH.get(case, 1) if label == "operands" else 1
                calls.append(f"slot({label}, width: {width})")
        else:
            kind = operand_kind(case, label)
            if kind == "brTable":
                if label == "targets":
                    calls.append("brTable(targets, count: count)")
            elif kind != "immediate":
                calls.append(f"{kind}({label})")
    return calls

def uses_memory(case):
    return case in MEMORY_USERS or case in [n for n, *_ in LOADS] or case in [n for n, *_ in STORES]

def numeric_gas(name):
    if name[:3] in ("f32", "f64") and name[3:] in ("Div", "Sqrt"):
        return "floatDivision"
    if name[:3] in ("i32", "i64") and name[3:] in ("DivS", "DivU", "RemS", "RemU"):
        return "integerDivision"
    if "Trunc" in name or "Convert" in name or "Demote" in name or "Promote" in name:
        return "conversion"
    if name[:3] in ("f32", "f64"):
        return "float"
    return "integer"

# Numeric instructions: (name, wasm group, input types, output type, traps)
# Semantics: WasmNumerics.<name>(inputs...).
I, L, F, D = "i32", "i64", "f32", "f64"
def binops(t, names, group="Binary", out=None, traps=()):
    return [(f"{t}{n}", group, [t, t], out or t, f"{t}{n}" in traps) for n in names]
NUMERIC = []
INT_TRAPS = {"i32DivS", "i32DivU", "i32RemS", "i32RemU", "i64DivS", "i64DivU", "i64RemS", "i64RemU"}
for t in (I, L):
    NUMERIC += binops(t, ["Add", "Sub", "Mul", "DivS", "DivU", "RemS", "RemU", "And", "Or", "Xor",
                          "Shl", "ShrS", "ShrU", "Rotl", "Rotr"], traps=INT_TRAPS)
for t in (F, D):
    NUMERIC += binops(t, ["Add", "Sub", "Mul", "Div", "Min", "Max", "Copysign"])
for t in (I, L):
    NUMERIC += binops(t, ["Eq", "Ne", "LtS", "LtU", "GtS", "GtU", "LeS", "LeU", "GeS", "GeU"], "Cmp", I)
for t in (F, D):
    NUMERIC += binops(t, ["Eq", "Ne", "Lt", "Gt", "Le", "Ge"], "Cmp", I)
NUMERIC += [("i32Eqz", "Eqz", [I], I, False), ("i64Eqz", "Eqz", [L], I, False)]
for t, names in ((I, ["Clz", "Ctz", "Popcnt", "Extend8S", "Extend16S"]),
                 (L, ["Clz", "Ctz", "Popcnt", "Extend8S", "Extend16S", "Extend32S"]),
                 (F, ["Abs", "Neg", "Ceil", "Floor", "Trunc", "Nearest", "Sqrt"]),
                 (D, ["Abs", "Neg", "Ceil", "Floor", "Trunc", "Nearest", "Sqrt"])):
    NUMERIC += [(f"{t}{n}", "Unary", [t], t, False) for n in names]
CONVERSIONS = [
    ("i32WrapI64", L, I, False), ("i32TruncF32S", F, I, True), ("i32TruncF32U", F, I, True),
    ("i32TruncF64S", D, I, True), ("i32TruncF64U", D, I, True), ("i64ExtendI32S", I, L, False),
    ("i64ExtendI32U", I, L, False), ("i64TruncF32S", F, L, True), ("i64TruncF32U", F, L, True),
    ("i64TruncF64S", D, L, True), ("i64TruncF64U", D, L, True), ("f32ConvertI32S", I, F, False),
    ("f32ConvertI32U", I, F, False), ("f32ConvertI64S", L, F, False), ("f32ConvertI64U", L, F, False),
    ("f32DemoteF64", D, F, False), ("f64ConvertI32S", I, D, False), ("f64ConvertI32U", I, D, False),
    ("f64ConvertI64S", L, D, False), ("f64ConvertI64U", L, D, False), ("f64PromoteF32", F, D, False),
    ("i32TruncSatF32S", F, I, False), ("i32TruncSatF32U", F, I, False), ("i32TruncSatF64S", D, I, False),
    ("i32TruncSatF64U", D, I, False), ("i64TruncSatF32S", F, L, False), ("i64TruncSatF32U", F, L, False),
    ("i64TruncSatF64S", D, L, False), ("i64TruncSatF64U", D, L, False),
]
NUMERIC += [(n, "Conversion", [i], o, t) for (n, i, o, t) in CONVERSIONS]
# Reinterprets are plain copies of the bits: lowered to `copy` (or nothing), not listed here.
REINTERPRETS = [("i32ReinterpretF32", F, I), ("i64ReinterpretF64", D, L), ("f32ReinterpretI32", I, F), ("f64ReinterpretI64", L, D)]

# Immediate forms: a binary integer instruction whose right operand was an `i32.const` or
# `i64.const` (emitted just before) reads it from the instruction instead of a slot, which saves
# a dispatch and a slot write. i64 immediates are 32-bit, sign-extended. `sub` by a constant
# becomes `add` of its negation; `rotr` has no immediate form (it is rarely constant-folded
# away by compilers and the opcode space is one byte).
IMM_OPS = ["Add", "Mul", "And", "Or", "Xor", "Shl", "ShrS", "ShrU", "Rotl"]
INT_CMPS = ["Eq", "Ne", "LtS", "LtU", "GtS", "GtU", "LeS", "LeU", "GeS", "GeU"]
# The comparison that is true exactly when the other is false (integers have no unordered case).
NEGATED_CMP = {"Eq": "Ne", "Ne": "Eq", "LtS": "GeS", "GeS": "LtS", "LtU": "GeU", "GeU": "LtU",
               "GtS": "LeS", "LeS": "GtS", "GtU": "LeU", "LeU": "GtU"}
IMMEDIATES = []   # (name, base numeric name, type, output type)
for t in (I, L):
    for n in IMM_OPS:
        IMMEDIATES.append((f"{t}{n}Imm", f"{t}{n}", t, t))
    for n in INT_CMPS:
        IMMEDIATES.append((f"{t}{n}Imm", f"{t}{n}", t, I))
# Fused compare-and-branch: an integer comparison whose only use is the `br_if` or `if` right
# after it jumps itself. (name, comparison, type, immediate?)
COMPARE_BRANCHES = []
for t in (I, L):
    for n in INT_CMPS:
        COMPARE_BRANCHES.append((f"brIf{t.upper()}{n}", f"{t}{n}", t, False))
for n in INT_CMPS:
    COMPARE_BRANCHES.append((f"brIfI32{n}Imm", f"i32{n}", I, True))
# i64 against a constant: only equality, for want of opcodes (the table is full at 256).
for n in ["Eq", "Ne"]:
    COMPARE_BRANCHES.append((f"brIfI64{n}Imm", f"i64{n}", L, True))

def imm_value(t):
    return "imm" if t == I else "UInt64(bitPattern: Int64(Int32(bitPattern: imm)))"

# Loads: (name, result type, bytes, how the loaded integer widens to the slot)
LOADS = [
    ("i32Load", I, 4, "UInt32", "UInt64({v})"), ("i64Load", L, 8, "UInt64", "{v}"),
    ("f32Load", F, 4, "UInt32", "UInt64({v})"), ("f64Load", D, 8, "UInt64", "{v}"),
    ("i32Load8S", I, 1, "UInt8", "UInt64(UInt32(bitPattern: Int32(Int8(bitPattern: {v}))))"),
    ("i32Load8U", I, 1, "UInt8", "UInt64({v})"),
    ("i32Load16S", I, 2, "UInt16", "UInt64(UInt32(bitPattern: Int32(Int16(bitPattern: {v}))))"),
    ("i32Load16U", I, 2, "UInt16", "UInt64({v})"),
    ("i64Load8S", L, 1, "UInt8", "UInt64(bitPattern: Int64(Int8(bitPattern: {v})))"),
    ("i64Load8U", L, 1, "UInt8", "UInt64({v})"),
    ("i64Load16S", L, 2, "UInt16", "UInt64(bitPattern: Int64(Int16(bitPattern: {v})))"),
    ("i64Load16U", L, 2, "UInt16", "UInt64({v})"),
    ("i64Load32S", L, 4, "UInt32", "UInt64(bitPattern: Int64(Int32(bitPattern: {v})))"),
    ("i64Load32U", L, 4, "UInt32", "UInt64({v})"),
]
# Stores: (name, operand type, bytes, stored integer type)
STORES = [
    ("i32Store", I, 4, "UInt32"), ("i64Store", L, 8, "UInt64"), ("f32Store", F, 4, "UInt32"),
    ("f64Store", D, 8, "UInt64"), ("i32Store8", I, 1, "UInt8"), ("i32Store16", I, 2, "UInt16"),
    ("i64Store8", L, 1, "UInt8"), ("i64Store16", L, 2, "UInt16"), ("i64Store32", L, 4, "UInt32"),
]

BITS = {I: "UInt32", F: "UInt32", L: "UInt64", D: "UInt64"}
def vt(t): return "." + t

def read(t, slot):
    return f"UInt32(truncatingIfNeeded: sp[Int({slot})])" if BITS[t] == "UInt32" else f"sp[Int({slot})]"

def widen(t, expr):
    return f"UInt64({expr})" if BITS[t] == "UInt32" else expr

HEADER = "// Generated by scripts/gen-instructions.py from its opcode table. Do not edit.\n"

def gen_enum():
    out = [HEADER, "/// A frame-relative value slot index.", "public typealias Slot = UInt32", "",
           "/// One instruction of a lowered Cairn program: a register machine over frame slots.",
           "///", "/// Operands are slots relative to the current frame's base. Branch targets are absolute",
           "/// offsets into the program's single code array. Every payload is at most three 32-bit words.",
           "public enum Instruction: Hashable, Sendable {"]
    for name, ops, doc in CONTROL:
        out.append(f"    /// {doc}")
        args = ", ".join(f"{l}: {t}" for l, t in ops)
        out.append(f"    case `{name}`" + (f"({args})" if ops else ""))
    for name, group, ins, o, traps in NUMERIC:
        args = ["dst: Slot"] + ([f"lhs: Slot", "rhs: Slot"] if len(ins) == 2 else ["src: Slot"])
        out.append(f"    /// Wasm `{wasm_text(name)}`{' (may trap)' if traps else ''}.")
        out.append(f"    case {name}({', '.join(args)})")
    for name, t, n, _, _ in LOADS:
        out.append(f"    /// Wasm `{wasm_text(name)}`: reads {n} bytes at `address + offset`.")
        out.append(f"    case {name}(dst: Slot, address: Slot, offset: UInt32)")
    for name, t, n, _ in STORES:
        out.append(f"    /// Wasm `{wasm_text(name)}`: writes {n} bytes at `address + offset`.")
        out.append(f"    case {name}(address: Slot, value: Slot, offset: UInt32)")
    for name, base, t, o in IMMEDIATES:
        sign = " (sign-extended)" if t == L else ""
        out.append(f"    /// Wasm `{wasm_text(base)}` with a constant right operand{sign}.")
        out.append(f"    case {name}(dst: Slot, lhs: Slot, imm: UInt32)")
    for name, cmp, t, imm in COMPARE_BRANCHES:
        rhs = "the constant `imm`" if imm else "`rhs`"
        out.append(f"    /// Jumps when Wasm `{wasm_text(cmp)}` of `lhs` and {rhs} is true.")
        out.append(f"    case {name}(lhs: Slot, {'imm: UInt32' if imm else 'rhs: Slot'}, target: UInt32)")
    out.append("}")
    return "\n".join(out) + "\n"

def gen_gas():
    out = [HEADER, "extension Instruction {",
           "    /// The instruction's class in a ``GasSchedule``.",
           "    public var gasClass: GasClass {", "        switch self {"]
    for name, ops, doc in CONTROL:
        out.append(f"        case .`{name}`: .{CONTROL_GAS[name]}")
    for name, group, ins, o, traps in NUMERIC:
        out.append(f"        case .{name}: .{numeric_gas(name)}")
    for name, *_ in LOADS:
        out.append(f"        case .{name}: .load")
    for name, *_ in STORES:
        out.append(f"        case .{name}: .store")
    for name, base, t, o in IMMEDIATES:
        out.append(f"        case .{name}: .{numeric_gas(base)}")
    for name, *_ in COMPARE_BRANCHES:
        out.append(f"        case .{name}: .compareBranch")
    out += ["        }", "    }", "",
            "    /// Whether straight-line execution ends here: a branch, call, return or certain trap.",
            "    /// Gas is charged per run of instructions up to and including such an instruction.",
            "    public var endsRun: Bool {", "        switch self {"]
    ends = sorted(ENDS_RUN) + [name for name, *_ in COMPARE_BRANCHES]
    out.append("        case " + ", ".join(f".`{n}`" for n in ends) + ": true")
    out += ["        default: false", "        }", "    }", "}"]
    return "\n".join(out) + "\n"

def all_cases():
    """(case, [(label, type)]) for every instruction, in opcode order."""
    cases = [(name, ops) for name, ops, _ in CONTROL]
    for name, group, ins, o, traps in NUMERIC:
        cases.append((name, [("dst", "Slot")] + ([("lhs", "Slot"), ("rhs", "Slot")] if len(ins) == 2 else [("src", "Slot")])))
    for name, *_ in LOADS:
        cases.append((name, [("dst", "Slot"), ("address", "Slot"), ("offset", "UInt32")]))
    for name, *_ in STORES:
        cases.append((name, [("address", "Slot"), ("value", "Slot"), ("offset", "UInt32")]))
    for name, *_ in IMMEDIATES:
        cases.append((name, [("dst", "Slot"), ("lhs", "Slot"), ("imm", "UInt32")]))
    for name, cmp, t, imm in COMPARE_BRANCHES:
        cases.append((name, [("lhs", "Slot"), ("imm", "UInt32") if imm else ("rhs", "Slot"), ("target", "UInt32")]))
    return cases

def mnemonic(name):
    if name.endswith("Imm") and re.match(r"[if]\d\d", name):
        return wasm_text(name[:-3]) + "_imm"
    m = re.match(r"brIf([IF]\d\d)(.*)", name)
    if m:
        return "br_if_" + wasm_text(m.group(1).lower() + m.group(2)).replace(".", "_")
    if re.match(r"[if]\d\d", name):
        return wasm_text(name)
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()

def gen_coding():
    cases = all_cases()
    assert len(cases) <= 256
    out = [HEADER, "extension Instruction {",
           "    /// The instruction's opcode in the program format (its position in the opcode table).",
           "    public var opcode: UInt8 {", "        switch self {"]
    for i, (name, ops) in enumerate(cases):
        out.append(f"        case .`{name}`: {i}")
    out += ["        }", "    }", "",
            "    /// The instruction's name in disassembly.",
            "    public var mnemonic: String {", "        switch self {"]
    for name, ops in cases:
        out.append(f"        case .`{name}`: \"{mnemonic(name)}\"")
    out += ["        }", "    }", "",
            "    /// The operands in disassembly: slots as `sN`, the rest as numbers with their role.",
            "    public var operandText: String {", "        switch self {"]
    for name, ops in cases:
        if not ops:
            out.append(f"        case .`{name}`: \"\"")
            continue
        binds = ", ".join(f"let {l}" for l, _ in ops)
        parts = " ".join((f"s\\({l})" if t == "Slot" else f"{l}=\\({l})") for l, t in ops)
        out.append(f"        case .`{name}`({binds}): \"{parts}\"")
    out += ["        }", "    }", "",
            "    /// Appends the encoding: the opcode, then each operand as unsigned LEB128.",
            "    func encode(into writer: inout ProgramWriter) {",
            "        writer.byte(opcode)", "        switch self {"]
    for name, ops in cases:
        if not ops:
            out.append(f"        case .`{name}`: break")
            continue
        binds = ", ".join(f"let {l}" for l, _ in ops)
        out.append(f"        case .`{name}`({binds}):")
        for l, _ in ops:
            out.append(f"            writer.leb({l})")
    out += ["        }", "    }", "",
            "    /// Reads one instruction, and notes its operands in `seen`, whose maxima decoding",
            "    /// compares with the program once it is read (see ``OperandMaxima``).",
            "    @inline(never)",
            "    static func decode(from reader: inout ProgramReader, noting seen: inout OperandMaxima) throws(ProgramFormatError) -> Instruction {",
            "        let start = reader.offset",
            "        switch try reader.byte() {"]
    for i, (name, ops) in enumerate(cases):
        if name == "breakpoint":
            continue
        if not ops:
            out.append(f"        case {i}: return .`{name}`")
            continue
        out.append(f"        case {i}:")
        out.append("            let " + ", ".join(f"{l} = try reader.leb32()" for l, _ in ops))
        notes = [f"seen.{call}" for call in operand_checks(name, ops)] + (["seen.usesMemory = true"] if uses_memory(name) else [])
        args = ", ".join(f"{l}: {l}" for l, _ in ops)
        out.append("            " + "; ".join(notes + [f"return .`{name}`({args})"]))
    out += ["        case let opcode: throw ProgramFormatError(\"unknown opcode \\(opcode)\", offset: start)",
            "        }", "    }", "",
            "    /// Checks that every operand refers to something that exists: slots within the frame,",
            "    /// targets within the code, indices within the program's tables. Returns the problem.",
            "    func operandProblem(_ bounds: OperandBounds) -> String? {", "        switch self {"]
    for name, ops in cases:
        checks = [f"if let problem = bounds.{call} {{ return problem }}" for call in operand_checks(name, ops)]
        if uses_memory(name):
            checks.append("if !bounds.hasMemory { return \"memory instruction without a memory\" }")
        if name == "breakpoint":
            checks = ["return \"breakpoint in a program\""]
        if not checks:
            out.append(f"        case .`{name}`: return nil")
            continue
        used = lambda l: any(re.search(rf"\b{l}\b", c) for c in checks)
        binds = ", ".join((f"let {l}" if used(l) else "_") for l, _ in ops)
        if ops and not any(used(l) for l, _ in ops):
            out.append(f"        case .`{name}`:")
        else:
            out.append(f"        case .`{name}`" + (f"({binds})" if ops else "") + ":")
        for c in checks:
            out.append(f"            {c}")
        if checks[-1] != "return \"breakpoint in a program\"":
            out.append("            return nil")
    out += ["        }", "    }", "}"]
    return "\n".join(out) + "\n"

def wasm_text(name):
    m = re.match(r"([if]\d\d)(.*)", name)
    t, rest = m.group(1), m.group(2)
    snake = re.sub(r"(?<!^)([A-Z])", r"_\1", rest).lower()
    snake = re.sub(r"_([su])$", r"_\1", snake)
    snake = re.sub(r"_(i|f)(\d\d)", r"_\1\2", snake)
    for a, b in (("_f32_", "_f32_"),):
        snake = snake.replace(a, b)
    snake = snake.replace("load8_", "load8_").replace("trunc_sat", "trunc_sat")
    return f"{t}.{snake}"

def gen_lowering():
    out = [HEADER, "import CairnWasm", "import WasmParser", "",
           "/// The shape of a lowered numeric or memory instruction: operand types and how to build it.",
           "extension Instruction {"]
    groups = {}
    for name, group, ins, o, traps in NUMERIC:
        groups.setdefault(group, []).append((name, ins, o))
    for group, items in groups.items():
        if group == "Eqz":
            continue
        out.append(f"    /// Operand and result types of a Wasm `{group}` instruction, and its lowered form.")
        arity = len(items[0][1])
        if arity == 2:
            out.append(f"    static func lowering(_ op: WasmParser.Instruction.{group}) -> (operands: (ValueType, ValueType), result: ValueType, make: (Slot, Slot, Slot) -> Instruction) {{")
        else:
            out.append(f"    static func lowering(_ op: WasmParser.Instruction.{group}) -> (operand: ValueType, result: ValueType, make: (Slot, Slot) -> Instruction) {{")
        out.append("        switch op {")
        for name, ins, o in items:
            if arity == 2:
                out.append(f"        case .{name}: return (({vt(ins[0])}, {vt(ins[1])}), {vt(o)}, {{ .{name}(dst: $0, lhs: $1, rhs: $2) }})")
            else:
                out.append(f"        case .{name}: return ({vt(ins[0])}, {vt(o)}, {{ .{name}(dst: $0, src: $1) }})")
        if group == "Conversion":
            for name, i, o in REINTERPRETS:
                out.append(f"        case .{name}: return ({vt(i)}, {vt(o)}, {{ .copy(dst: $0, src: $1) }})")
        out.append("        }")
        out.append("    }")
    out.append("    /// Result type, access width and lowered form of a Wasm load.")
    out.append("    static func lowering(_ op: WasmParser.Instruction.Load) -> (result: ValueType, width: Int, make: (Slot, Slot, UInt32) -> Instruction)? {")
    out.append("        switch op {")
    for name, t, n, _, _ in LOADS:
        out.append(f"        case .{name}: return ({vt(t)}, {n}, {{ .{name}(dst: $0, address: $1, offset: $2) }})")
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }")
    out.append("    /// Operand type, access width and lowered form of a Wasm store.")
    out.append("    static func lowering(_ op: WasmParser.Instruction.Store) -> (operand: ValueType, width: Int, make: (Slot, Slot, UInt32) -> Instruction)? {")
    out.append("        switch op {")
    for name, t, n, _ in STORES:
        out.append(f"        case .{name}: return ({vt(t)}, {n}, {{ .{name}(address: $0, value: $1, offset: $2) }})")
    out.append("        default: return nil")
    out.append("        }")
    out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"

def memory_access(size, limit, on_fail):
    """The effective address of a load or store and its bounds check, as lines; `limit` is the
    memory size and `on_fail` what an access out of bounds does."""
    return [EFFECTIVE_ADDRESS, f"guard ea &+ {size} <= {limit} else {{ {on_fail} }}"]

# The effective address of a load or store: the address operand, zero-extended, plus the offset.
EFFECTIVE_ADDRESS = "let ea = UInt64(UInt32(truncatingIfNeeded: sp[Int(a)])) &+ UInt64(offset)"

def threaded_memory_access(size):
    """`memory_access` in a threaded handler: the effective address is compared, signed, with
    the last address an access of `size` bytes fits at (`ThreadedContext.lastStarts`), which
    is negative where none fits, so the check is one compare of the address itself."""
    last = {1: 0, 2: 1, 4: 2, 8: 3}[size]
    return [EFFECTIVE_ADDRESS,
            f"guard _fastPath(Int64(bitPattern: ea) <= ctx.pointee.lastStarts.{last}) else {{ return Threaded.exit }}"]

def loaded(raw, size, memory):
    """The little-endian integer a load reads at `ea` from `memory`."""
    if size == 1:
        return f"{memory}.load(fromByteOffset: Int(ea), as: UInt8.self)"
    return f"{raw}(littleEndian: {memory}.loadUnaligned(fromByteOffset: Int(ea), as: {raw}.self))"

def gen_switch_step():
    """`Store.step`: the `switch` loop's dispatch. Numeric, load, store, immediate and
    compare-and-branch instructions are written here from the table; every other instruction
    calls its hand-written function (`executeName`, Interpreter+Control, +Memory, +Table)."""
    out = [HEADER, "import CairnProgram", "import CairnWasm", "",
           "extension Store {",
           "    /// Runs `instruction`, the one before the loop's `pc`: false when the run stops (a trap,",
           "    /// an error from a call out of the loop, or the return from the run's first frame).",
           "    @inline(__always)",
           "    func step<Mode: MeteringMode>(_: Mode.Type, _ instruction: Instruction, _ r: inout SwitchRegisters) -> Bool {",
           "        let sp = r.sp",
           "        switch instruction {"]
    ind = " " * 8
    stop = "r.trap = .memoryOutOfBounds; return false"
    for name, ops, _ in CONTROL:
        binds = ", ".join(f"let {l}" for l, _ in ops)
        args = "".join(f"{l}, " for l, _ in ops)
        out.append(f"{ind}case .`{name}`" + (f"({binds})" if ops else "") + f": return execute{name[0].upper() + name[1:]}(Mode.self, {args}&r)")
    for name, group, ins, o, traps in NUMERIC:
        if len(ins) == 2:
            case = f"{ind}case .{name}(let d, let a, let b):"
            call = f"WasmNumerics.{name}({read(ins[0], 'a')}, {read(ins[1], 'b')})"
        else:
            case = f"{ind}case .{name}(let d, let a):"
            call = f"WasmNumerics.{name}({read(ins[0], 'a')})"
        if traps:
            out.append(f"{case}")
            out.append(f"{ind}    do {{ sp[Int(d)] = {widen(o, 'try ' + call)} }} catch {{ r.trap = error; return false }}")
        else:
            out.append(f"{case} sp[Int(d)] = {widen(o, call)}")
    for name, t, n, raw, conv in LOADS:
        out.append(f"{ind}case .{name}(let d, let a, let offset):")
        out += [f"{ind}    {l}" for l in memory_access(n, "r.memorySize", stop)]
        out.append(f"{ind}    sp[Int(d)] = {conv.format(v=loaded(raw, n, 'r.memory'))}")
    for name, t, n, raw in STORES:
        out.append(f"{ind}case .{name}(let a, let v, let offset):")
        out += [f"{ind}    {l}" for l in memory_access(n, "r.memorySize", stop)]
        out.append(f"{ind}    r.memory.storeBytes(of: {raw}(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: {raw}.self)")
        # Counted runs (tasks) flag the pages they write for the state export (MemoryWrites.swift).
        out.append(f"{ind}    if Mode.countsSteps {{ r.instance.memory.unsafelyUnwrapped.noteStore(ea, {n}) }}")
    for name, base, t, o in IMMEDIATES:
        out.append(f"{ind}case .{name}(let d, let a, let imm): sp[Int(d)] = {widen(o, f'WasmNumerics.{base}({read(t, chr(97))}, {imm_value(t)})')}")
    for name, cmp, t, imm in COMPARE_BRANCHES:
        out.append(f"{ind}case .{name}(let a, let b, let target):")
        rhs = imm_value(t).replace("imm", "b") if imm else read(t, "b")
        out.append(f"{ind}    if WasmNumerics.{cmp}({read(t, 'a')}, {rhs}) != 0 {{ r.pc = Int(target) }}")
        out.append(f"{ind}    return chargeRun(Mode.self, &r)")
    out += ["        }", "        return true", "    }", "}"]
    return "\n".join(out) + "\n"

def gen_destination():
    out = [HEADER, "extension Instruction {",
           "    /// The same instruction writing its result to `slot` instead, for instructions whose",
           "    /// only effect besides traps is writing `dst` (nil for the others). Lowering uses it to",
           "    /// fuse `local.set` into the instruction that produced the value.",
           "    func writing(to slot: Slot) -> Instruction? {", "        switch self {"]
    fusable = []
    for name, ops in all_cases():
        if ops and ops[0][0] == "dst" and name not in ("memoryGrow", "select"):
            fusable.append((name, ops))
    for name, ops in fusable:
        binds = ", ".join(f"let {l}" if i > 0 else "_" for i, (l, _) in enumerate(ops))
        args = ", ".join(("dst: slot" if i == 0 else f"{l}: {l}") for i, (l, _) in enumerate(ops))
        out.append(f"        case .`{name}`({binds}): .`{name}`({args})")
    out += ["        default: nil", "        }", "    }", "}"]
    return "\n".join(out) + "\n"

def gen_fusion():
    out = [HEADER, "extension Instruction {",
           "    /// The immediate form of a binary integer instruction whose right operand is the",
           "    /// constant `value` (its bits, zero-extended), or nil when there is none or an i64",
           "    /// constant does not fit in 32 signed bits.",
           "    func immediateForm(rightOperand value: UInt64) -> Instruction? {",
           "        let imm32 = UInt32(truncatingIfNeeded: value)",
           "        let fits64 = Int64(bitPattern: value) == Int64(Int32(bitPattern: imm32))",
           "        let negated64 = 0 &- value",
           "        let negatedFits64 = Int64(bitPattern: negated64) == Int64(Int32(truncatingIfNeeded: negated64))",
           "        switch self {"]
    for name, base, t, o in IMMEDIATES:
        guard = "" if t == I else " where fits64"
        out.append(f"        case .{base}(let d, let a, _){guard}: return .{name}(dst: d, lhs: a, imm: imm32)")
    out.append("        case .i32Sub(let d, let a, _): return .i32AddImm(dst: d, lhs: a, imm: 0 &- imm32)")
    out.append("        case .i64Sub(let d, let a, _) where negatedFits64:")
    out.append("            return .i64AddImm(dst: d, lhs: a, imm: UInt32(truncatingIfNeeded: negated64))")
    out += ["        default: return nil", "        }", "    }", "",
            "    /// The same binary integer instruction with its operands swapped (a comparison becomes",
            "    /// its mirror: `a < b` is `b > a`), or nil when the operation does not commute.",
            "    func swappingOperands() -> Instruction? {", "        switch self {"]
    mirror = {"Eq": "Eq", "Ne": "Ne", "LtS": "GtS", "GtS": "LtS", "LtU": "GtU", "GtU": "LtU",
              "LeS": "GeS", "GeS": "LeS", "LeU": "GeU", "GeU": "LeU",
              "Add": "Add", "Mul": "Mul", "And": "And", "Or": "Or", "Xor": "Xor"}
    for t in (I, L):
        for n, m in mirror.items():
            out.append(f"        case .{t}{n}(let d, let a, let b): return .{t}{m}(dst: d, lhs: b, rhs: a)")
    out += ["        default: return nil", "        }", "    }", "",
            "    /// The fused branch that jumps to `target` when this integer comparison is true (or,",
            "    /// with `whenFalse`, when it is false), reading the comparison's operands; nil for",
            "    /// other instructions.",
            "    func branchForm(whenFalse: Bool, target: UInt32) -> Instruction? {",
            "        switch self {",
            "        case .i32Eqz(_, let s): return whenFalse ? .brIfNez(condition: s, target: target) : .brIfEqz(condition: s, target: target)"]
    by_cmp = {(cmp, imm): name for name, cmp, t, imm in COMPARE_BRANCHES}
    for name, cmp, t, imm in COMPARE_BRANCHES:
        neg = by_cmp[(cmp[:3] + NEGATED_CMP[cmp[3:]], imm)]
        src = f"{cmp}Imm" if imm else cmp
        b = "imm" if imm else "rhs"
        out.append(f"        case .{src}(_, let a, let b): return whenFalse ? .{neg}(lhs: a, {b}: b, target: target) : .{name}(lhs: a, {b}: b, target: target)")
    out += ["        default: return nil", "        }", "    }", ""]
    out += ["    /// The same instruction with every slot operand passed through `map` (lowering gives",
            "    /// hoisted constants their slots once a function's frame size is known).",
            "    func mappingSlots(_ map: (Slot) -> Slot) -> Instruction {", "        switch self {"]
    for name, ops in all_cases():
        if not any(t == "Slot" for _, t in ops):
            continue
        binds = ", ".join(f"let {l}" for l, _ in ops)
        args = ", ".join((f"{l}: map({l})" if t == "Slot" else f"{l}: {l}") for l, t in ops)
        out.append(f"        case .`{name}`({binds}): return .`{name}`({args})")
    out += ["        default: return self", "        }", "    }", ""]
    targets = [(name, ops) for name, ops in all_cases() if any(l == "target" for l, _ in ops)]
    out += ["    /// The code offset a branch jumps to, for instructions with one `target` (not `br_table`).",
            "    public var branchTarget: UInt32? {", "        switch self {"]
    out.append("        case " + ", ".join(f".`{n}`({', '.join('let target' if l == 'target' else '_' for l, _ in ops)})" for n, ops in targets) + ":")
    out += ["            return target", "        default: return nil", "        }", "    }", "",
            "    /// The same branch jumping to `target` instead (lowering patches forward branches).",
            "    func retargeted(to target: UInt32) -> Instruction {", "        switch self {"]
    for n, ops in targets:
        binds = ", ".join("_" if l == "target" else f"let {l}" for l, _ in ops)
        args = ", ".join(f"{l}: {l}" for l, _ in ops)
        out.append(f"        case .`{n}`({binds}): return .`{n}`({args})")
    out += ["        default: preconditionFailure(\"retargeting an instruction without a target\")", "        }", "    }", "}"]
    return "\n".join(out) + "\n"

def gen_opcode_table():
    rows = ["| opcode | mnemonic | operands |", "| --: | --- | --- |"]
    for i, (name, ops) in enumerate(all_cases()):
        rows.append(f"| {i} | `{mnemonic(name)}` | {' '.join(l for l, _ in ops) or '—'} |")
    return "\n".join(rows) + "\n"

def splice_doc(path, generated):
    text = path.read_text()
    begin = "<!-- BEGIN OPCODES (generated by scripts/gen-instructions.py) -->\n"
    end = "<!-- END OPCODES -->"
    i, j = text.index(begin), text.index(end)
    path.write_text(text[: i + len(begin)] + generated + text[j:])

def gen_step_semantics():
    """The proof stepper's view of numeric, load and store instructions (CairnVerifier)."""
    out = [HEADER, "import CairnProgram", "import CairnWasm", "",
           "extension Instruction {",
           "    /// What a numeric, load or store instruction does, as pure functions on slot bits, for",
           "    /// the proof stepper (nil for the others, whose semantics are written in Step.swift).",
           "    var pureEffect: PureEffect? {", "        switch self {"]
    def arg(t, v):
        return f"UInt32(truncatingIfNeeded: {v})" if BITS[t] == "UInt32" else v
    for name, group, ins, o, traps in NUMERIC:
        t = "throws(TrapKind) " if traps else ""
        if len(ins) == 2:
            call = f"WasmNumerics.{name}({arg(ins[0], 'x')}, {arg(ins[1], 'y')})"
            body = widen(o, ('try ' if traps else '') + call)
            out.append(f"        case .{name}(let d, let a, let b): .binary(d, a, b, {{ (x: UInt64, y: UInt64) {t}-> UInt64 in {body} }})")
        else:
            call = f"WasmNumerics.{name}({arg(ins[0], 'x')})"
            body = widen(o, ('try ' if traps else '') + call)
            out.append(f"        case .{name}(let d, let a): .unary(d, a, {{ (x: UInt64) {t}-> UInt64 in {body} }})")
    for name, t, n, raw, conv in LOADS:
        v = f"{raw}(truncatingIfNeeded: x)"
        out.append(f"        case .{name}(let d, let a, let offset): .load(d, a, offset, {n}, {{ (x: UInt64) -> UInt64 in {conv.format(v=v)} }})")
    for name, t, n, raw in STORES:
        out.append(f"        case .{name}(let a, let v, let offset): .store(a, v, offset, {n})")
    for name, base, t, o in IMMEDIATES:
        y = "UInt64(imm)" if t == I else imm_value(t)
        body = widen(o, f"WasmNumerics.{base}({arg(t, 'x')}, {arg(t, y)})")
        out.append(f"        case .{name}(let d, let a, let imm): .unary(d, a, {{ (x: UInt64) -> UInt64 in {body} }})")
    out += ["        default: nil", "        }", "    }", "",
            "    /// A fused compare-and-branch: its left operand, its right operand (a slot, or the",
            "    /// immediate's value), its target and its test; nil for other instructions.",
            "    var compareBranch: CompareBranch? {", "        switch self {"]
    for name, cmp, t, imm in COMPARE_BRANCHES:
        test = f"{{ (x: UInt64, y: UInt64) -> Bool in WasmNumerics.{cmp}({arg(t, 'x')}, {arg(t, 'y')}) != 0 }}"
        if imm:
            y = "UInt64(b)" if t == I else imm_value(t).replace("imm", "b")
            out.append(f"        case .{name}(let a, let b, let target): CompareBranch(lhs: a, rhs: .value({y}), target: target, test: {test})")
        else:
            out.append(f"        case .{name}(let a, let b, let target): CompareBranch(lhs: a, rhs: .slot(b), target: target, test: {test})")
    out += ["        default: nil", "        }", "    }", "}"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# The threaded interpreter (docs/register-machine.md, "Dispatch"). Each instruction below gets a
# handler; the others are run by the `switch` loop (the threaded run exits before them). A
# handler that would trap exits before changing anything, and the `switch` loop then runs the
# same instruction and traps, so traps, refunds and messages have one implementation.
# Instructions that transfer control charge the run they enter; they get a metered and an
# unmetered handler, so that an unmetered run carries no metering code.
# The accumulator (docs/register-machine.md, "The accumulator"): every handler that writes a
# result slot also leaves the result in a host register, `acc`; an instruction that reads the
# slot `acc` holds on every way into it (ThreadedCode.swift, `accumulatorEntrySlots`) gets a
# variant of its handler reading `acc` instead of memory. Loading what was just stored waits for the store to reach the load
# (a few cycles); a chain of dependent instructions, the common case, pays that on every link.
# `PRODUCE(d, expr)` in a body is such a write: the slot and the accumulator.
THREADED_CONTROL = {
    "copy": "PRODUCE(op.a, sp[Int(op.b)])",
    "const32": "PRODUCE(op.a, UInt64(op.b))",
    "const64": "PRODUCE(op.a, UInt64(op.b) | UInt64(op.c) << 32)",
    # Both values are read and one chosen without a branch: conditions of `select` are often
    # data-dependent and unpredictable.
    "select": "let kept = sp[Int(op.a)]\nlet other = sp[Int(op.b)]\nPRODUCE(op.a, UInt32(truncatingIfNeeded: sp[Int(op.c)]) != 0 ? kept : other)",
    "globalGet": "PRODUCE(op.a, ctx.pointee.instance.globalCells[Int(op.b)].pointee)",
    "globalSet": "ctx.pointee.instance.globalCells[Int(op.b)].pointee = sp[Int(op.a)]",
    "memorySize": "PRODUCE(op.a, ctx.pointee.memorySize / UInt64(MemoryInstance.pageSize))",
    "refIsNull": "PRODUCE(op.a, sp[Int(op.b)] == 0 ? 1 : 0)",
}
# The slot reads of each of those that may come from the accumulator: (ThreadedOp field, text).
THREADED_CONTROL_READS = {
    "copy": [("b", "sp[Int(op.b)]")], "select": [("b", "sp[Int(op.b)]"), ("c", "sp[Int(op.c)]")],
    "globalSet": [("a", "sp[Int(op.a)]")], "refIsNull": [("b", "sp[Int(op.b)]")],
}
# Control transfers (`METERED` is the flavour). A branch's target operand is, in threaded code, the
# distance in bytes to its target (`Instance.branchOffset(from:to:)`).
THREADED_BRANCHES = {
    "br": "return Threaded.branch(by: op.a, pcp, gasp, ctx, metered: METERED)",
    "brIfNez": "return Threaded.conditional(UInt32(truncatingIfNeeded: sp[Int(op.a)]) != 0, by: op.b, pcp, gasp, ctx, metered: METERED)",
    "brIfEqz": "return Threaded.conditional(UInt32(truncatingIfNeeded: sp[Int(op.a)]) == 0, by: op.b, pcp, gasp, ctx, metered: METERED)",
    "brTable": "return Threaded.tableBranch(UInt32(truncatingIfNeeded: sp[Int(op.a)]), op, pcp, gasp, ctx, metered: METERED)",
    "call": "return Threaded.call(op, spp, pcp, fpp, gasp, accp, ctx, metered: METERED)",
    "callIndirect": "return Threaded.callIndirect(op, spp, pcp, fpp, gasp, accp, ctx, metered: METERED)",
    "memoryCopy": "return Threaded.memoryCopy(op, spp.pointee, mdp, pcp, gasp, ctx, metered: METERED)",
    "memoryFill": "return Threaded.memoryFill(op, spp.pointee, mdp, pcp, gasp, ctx, metered: METERED)",
    "return": "return Threaded.return(spp, pcp, fpp, gasp, ctx, metered: METERED)",
}
THREADED_BRANCH_READS = {n: [("a", "sp[Int(op.a)]")] for n in ("brIfNez", "brIfEqz", "brTable")}

def produce(lines):
    """Expands `PRODUCE(d, expr)` (a whole statement, or the body of a `do`) into the write of
    the slot and of the accumulator."""
    out = []
    for line in lines:
        m = re.fullmatch(r"(.*)PRODUCE\(([^,]+), (.*)\)(.*)", line)
        if not m:
            out.append(line)
            continue
        pre, dst, expr, post = m.groups()
        out.append(f"{pre}let result: UInt64 = {expr}; sp[Int({dst})] = result; accp.pointee = result{post}")
    return out

def prune_operands(lines):
    """Drops the operand bindings (`let a = op.b`) that nothing reads: a variant that reads an
    operand from the accumulator no longer reads its slot (Swift warns of unused values)."""
    text = "\n".join(lines)
    kept = []
    for line in lines:
        m = re.fullmatch(r"\s*let (\w+) = op2?\.[abc]", line)
        if m and len(re.findall(rf"(?<!\.)\b{m.group(1)}\b", text)) == 1:
            continue
        kept.append(line)
    return kept

# Float arithmetic whose result, when it is a NaN, is canonicalized (FloatNumerics.swift). Its
# handlers exit on a NaN result instead, and the `switch` loop runs the instruction: so the
# test is a branch, which NaNs being rare is predicted, and the result goes on to its reader as
# soon as it is computed. Canonicalizing in the handler was a select (`cmov`) that LLVM would
# not turn into a branch, four cycles more on every link of a chain such as a dot product's sum.
NAN_EXITS = {f"{t}{n}": op for t in (F, D) for n, op in (("Add", "+"), ("Sub", "-"), ("Mul", "*"), ("Div", "/"))}

def threaded_base_handlers():
    """(handler name, instruction, body lines, metered flavour or None, slot reads, produces)."""
    handlers = []
    def bind(names):
        fields = ["op.a", "op.b", "op.c"]
        return [f"let {n} = {fields[i]}" for i, n in enumerate(names)]
    numeric = {n: (ins, o, traps) for n, g, ins, o, traps in NUMERIC}
    loads = {n: (t, size, raw, conv) for n, t, size, raw, conv in LOADS}
    stores = {n: (t, size, raw) for n, t, size, raw in STORES}
    imms = {n: (base, t, o) for n, base, t, o in IMMEDIATES}
    cbr = {n: (cmp, t, imm) for n, cmp, t, imm in COMPARE_BRANCHES}
    for name, ops in all_cases():
        if name in THREADED_CONTROL:
            lines = THREADED_CONTROL[name].split("\n")
            handlers.append((name, name, lines + ["return Threaded.next(pcp)"], None,
                             THREADED_CONTROL_READS.get(name, []), "PRODUCE" in THREADED_CONTROL[name]))
        elif name in THREADED_BRANCHES:
            for metered in (False, True):
                body = THREADED_BRANCHES[name].replace("METERED", "true" if metered else "false").split("\n")
                handlers.append((name + ("Metered" if metered else ""), name, [l.strip() for l in body], metered,
                                 THREADED_BRANCH_READS.get(name, []), False))
        elif name in numeric:
            ins, o, traps = numeric[name]
            if len(ins) == 2:
                lines = bind(["d", "a", "b"])
                call = f"WasmNumerics.{name}({read(ins[0], 'a')}, {read(ins[1], 'b')})"
                reads = [("b", "sp[Int(a)]"), ("c", "sp[Int(b)]")]
            else:
                lines = bind(["d", "a"])
                call = f"WasmNumerics.{name}({read(ins[0], 'a')})"
                reads = [("b", "sp[Int(a)]")]
            if traps:
                lines.append(f"do {{ PRODUCE(d, {widen(o, 'try ' + call)}) }} catch {{ return Threaded.exit }}")
            elif name in NAN_EXITS:
                host = "Float" if ins[0] == F else "Double"
                lines += [f"let value = {host}(bitPattern: {read(ins[0], 'a')}) {NAN_EXITS[name]} {host}(bitPattern: {read(ins[1], 'b')})",
                          "if _slowPath(value != value) { return Threaded.exit }",
                          f"PRODUCE(d, {widen(o, 'value.bitPattern')})"]
            else:
                lines.append(f"PRODUCE(d, {widen(o, call)})")
            handlers.append((name, name, lines + ["return Threaded.next(pcp)"], None, reads, True))
        elif name in loads:
            t, size, raw, conv = loads[name]
            lines = bind(["d", "a", "offset"]) + threaded_memory_access(size) + [
                f"PRODUCE(d, {conv.format(v=loaded(raw, size, 'mdp.pointee'))})"]
            handlers.append((name, name, lines + ["return Threaded.next(pcp)"], None, [("b", "sp[Int(a)]")], True))
        elif name in stores:
            t, size, raw = stores[name]
            lines = bind(["a", "v", "offset"]) + threaded_memory_access(size) + [
                f"mdp.pointee.storeBytes(of: {raw}(truncatingIfNeeded: sp[Int(v)]).littleEndian, toByteOffset: Int(ea), as: {raw}.self)"]
            handlers.append((name, name, lines + ["return Threaded.next(pcp)"], None,
                             [("a", "sp[Int(a)]"), ("b", "sp[Int(v)]")], False))
        elif name in imms:
            base, t, o = imms[name]
            lines = bind(["d", "a", "imm"]) + [f"PRODUCE(d, {widen(o, f'WasmNumerics.{base}({read(t, chr(97))}, {imm_value(t)})')})"]
            handlers.append((name, name, lines + ["return Threaded.next(pcp)"], None, [("b", "sp[Int(a)]")], True))
        elif name in cbr:
            cmp, t, imm = cbr[name]
            rhs = imm_value(t).replace("imm", "b") if imm else read(t, "b")
            reads = [("a", "sp[Int(a)]")] + ([] if imm else [("b", "sp[Int(b)]")])
            for metered in (False, True):
                lines = bind(["a", "b", "target"]) + [
                    f"let taken = WasmNumerics.{cmp}({read(t, 'a')}, {rhs}) != 0",
                    f"return Threaded.conditional(taken, by: target, pcp, gasp, ctx, metered: {'true' if metered else 'false'})"]
                handlers.append((name + ("Metered" if metered else ""), name, lines, metered, reads, False))
    return handlers

def threaded_bodies():
    """(handler name, instruction, body lines, metered flavour or None, field read from the
    accumulator or None, produces) in handler order: each base handler, then its variants."""
    handlers = []
    for hname, iname, lines, metered, reads, produces in threaded_base_handlers():
        handlers.append((hname, iname, produce(prune_operands(lines)), metered, None, produces))
        for field, text in reads:
            variant = [l.replace(text, "accp.pointee") for l in lines]
            assert variant != lines, (hname, text)
            handlers.append((f"{hname}Acc{field.upper()}", iname, produce(prune_operands(variant)), metered, field, produces))
    return handlers

# Fused pairs (docs/register-machine.md, "Fused pairs"): the handler of instruction X, where
# instruction Y follows and no branch enters Y, runs both and dispatches once. Y keeps its own
# place in the code (its operands are read from there, and a run that ends inside the pair
# resumes at it), so branch targets, step boundaries and gas are those of the two alone. The
# pairs are the most frequent fall-through pairs of executed instructions over the benchmark
# workloads, as `python3 scripts/profile-pairs.py` lists them (every pair above 0.29% of the
# instructions executed, averaged over the workloads, and a few below).
THREADED_PAIRS = [
    ("i32AddImm", "i32AddImm"), ("copy", "copy"), ("i32AddImm", "i32Store8"), ("i32AddImm", "brIfI32Ne"),
    ("i32Store8", "i32AddImm"), ("copy", "call"), ("copy", "brIfNez"), ("i32ShlImm", "i32Xor"),
    ("i32AddImm", "copy"), ("i32Xor", "i32ShrUImm"), ("i32Add", "i32AddImm"), ("i32AddImm", "i32Load"),
    ("i32ShlImm", "i32Add"), ("i32ShrUImm", "i32Xor"), ("i32Add", "i32Load"), ("i32Add", "i32Add"),
    ("select", "copy"), ("copy", "i32AddImm"), ("i32AddImm", "i32Store"), ("copy", "i32RemU"),
    ("i32RemU", "copy"), ("i32Load", "i32AddImm"), ("i32Add", "brIfI32LtS"), ("i32Store8", "i32Add"),
    ("i32Add", "i32Load8U"), ("i32ShlImm", "i32Load"), ("i32Load8U", "i32Add"), ("i32Add", "return"),
    ("i32Load8U", "i32Load8U"), ("f64Load", "f64Mul"), ("i32Load", "i32Mul"), ("f32Load", "f32Add"),
    ("f64Mul", "f64Add"), ("i32Mul", "i32Add"), ("f32Load", "f32Mul"), ("i32Load", "i32Add"),
    ("copy", "return"),
    ("i32Xor", "i32ShlImm"), ("i32RotlImm", "i32Xor"), ("i32AddImm", "i32Load8U"), ("i32Store", "i32AddImm"),
    ("i32Xor", "i32Add"), ("i32Load", "i32Load"), ("f32Store", "i32AddImm"), ("i32MulImm", "i32AddImm"),
    ("f32Add", "f32Store"), ("f32Mul", "f32Load"), ("i64Store", "i32AddImm"), ("i64AddImm", "i64AndImm"),
    ("copy", "brIfI64NeImm"), ("i64AddImm", "i64ShrUImm"), ("i64AndImm", "i64Eqz"), ("i64Eqz", "select"),
    ("i64MulImm", "i64AddImm"), ("i64ShrUImm", "i64MulImm"), ("i64Xor", "i64Store"), ("i32Load8U", "i32AddImm"),
    ("i32AddImm", "call"), ("i32Add", "i32GtUImm"), ("i32GtUImm", "i32AddImm"), ("i32Xor", "i32RotlImm"),
    ("i32AddImm", "brIfNez"), ("i64Load", "i64Store"), ("i32Load8U", "i32ShlImm"), ("i32AddImm", "i32ShrUImm"),
    ("i32AndImm", "i32ShlImm"), ("i32Load8U", "brIfI32Ne"), ("i32Add", "copy"), ("i32Store", "br"),
    ("i32Load", "return"), ("i32AddImm", "brTable"), ("i32ShrUImm", "i32AndImm"), ("i64ExtendI32S", "i64Add"),
    ("i32AddImm", "i64Load"), ("f64Add", "f64Add"), ("i32Add", "f64Load"), ("f64Add", "i32Add"),
    ("f64Mul", "f64Load"), ("f64Load", "f64Load"), ("f64Load", "i32Add"), ("i32AddImm", "f64Load"),
    # From the per-workload profiles of the workloads furthest from the goal
    # (`profile-pairs.py --only W`): interpreters' dispatch (constants and loads feeding
    # `br_table` and bounds checks), call-heavy code (argument copies, results before `return`),
    # and the most frequent pairs left over all workloads.
    ("const32", "brTable"), ("const32", "i32Load"), ("i32AddImm", "const32"), ("const64", "i32ShlImm"),
    ("i32AddImm", "const64"), ("i32Load", "brTable"), ("copy", "br"), ("i32Load", "brIfI32GtUImm"),
    ("i32AddImm", "br"), ("i32AddImm", "return"), ("i32ShlImm", "i32Load8U"), ("copy", "brIfI32Ne"),
    ("copy", "i32XorImm"), ("copy", "select"), ("i32AndImm", "copy"), ("i32Rotl", "return"),
    ("i32ShrUImm", "i32Add"), ("i32XorImm", "copy"), ("i32Mul", "i64ExtendI32S"), ("i64Add", "i64Sub"),
    ("i64Add", "return"), ("i64MulImm", "i64Add"), ("i64Sub", "i32Mul"), ("i32AddImm", "i64AddImm"),
    ("i32Xor", "copy"), ("i64Add", "i64Xor"), ("i32Load", "i32ShlImm"), ("i32Add", "i64Load"),
    ("i64Load", "i32AddImm"), ("i32Load", "brIfI32NeImm"), ("i32Add", "i32Store"), ("i32Add", "i32Sub"),
    ("i32Mul", "i32Load"), ("i32Xor", "i32AndImm"), ("i32AndImm", "select"), ("i32Sub", "i32Xor"),
    ("f64Store", "i32AddImm"), ("f64Mul", "f64Store"), ("i32Load", "i32Store"), ("i32Store", "i32ShlImm"),
    ("i64Load", "i64Xor"), ("i32AndImm", "i32RemU"), ("i32RemU", "i32ShlImm"), ("i64XorImm", "i64And"),
    ("i64Load", "i64Load"), ("i64Store", "i64XorImm"), ("i32Load8U", "brIfI32EqImm"), ("i32Store", "i32Load8U"),
    ("i32Xor", "i32MulImm"), ("i32Store8", "i32Load"), ("i32Load8U", "i32Xor"), ("i32Load", "brIfI32LtU"),
    ("i32ShlImm", "i32AddImm"), ("i32Load", "brIfI32LtS"), ("copy", "brIfI32GtS"), ("i32Load", "brIfI32GtS"),
    ("const32", "i32RemU"), ("i32RemU", "const32"), ("i32AndImm", "brTable"), ("i32RotlImm", "i32RotlImm"),
    ("copy", "i32RotlImm"), ("i32AddImm", "brIfI32NeImm"), ("i32And", "i32Xor"), ("i32Xor", "i32And"),
    ("i32Load", "i32RotlImm"), ("i32AddImm", "brIfI32GeU"), ("i32Load8U", "i32Store8"), ("i32AddImm", "f32Load"),
    ("i32Add", "i32Store8"),
]

def threaded_pair_bodies():
    """(handler name, (X, Y), body lines, metered flavour or None, X's accumulator field or
    None, Y's field read from X's result or None) for every variant of every fused pair."""
    bases = {}
    for entry in threaded_base_handlers():
        bases.setdefault(entry[1], []).append(entry)
    handlers = []
    for x, y in THREADED_PAIRS:
        first = len(handlers)
        [(xh, _, xlines, xmetered, xreads, xproduces)] = bases[x]
        assert xmetered is None and xlines[-1] == "return Threaded.next(pcp)", x
        for xfield, xtext in [(None, None)] + xreads:
            xv = xlines[:-1] if xfield is None else [l.replace(xtext, "accp.pointee") for l in xlines[:-1]]
            for yh, _, ylines, ymetered, yreads, _ in bases[y]:
                ylines = [re.sub(r"\bop\b", "op2", l) for l in ylines]
                for yfield, ytext in [(None, None)] + (yreads if xproduces else []):
                    yv = ylines if yfield is None else [l.replace(re.sub(r"\bop\b", "op2", ytext), "accp.pointee") for l in ylines]
                    assert yv == ylines or yfield is not None
                    name = f"{xh}{'Acc' + xfield.upper() if xfield else ''}_{yh}{'Acc' + yfield.upper() if yfield else ''}"
                    body = ["do {"] + ["    " + l for l in produce(prune_operands(xv))] + ["}", "pcp.pointee = second", "do {"]
                    if yv[-1] == "return Threaded.next(pcp)":
                        yv = yv[:-1] + ["pcp.pointee = next", "return nextHandler"]
                    body += ["    " + l for l in produce(prune_operands(yv))] + ["}"]
                    handlers.append((name, (x, y), body, ymetered, xfield, yfield))
        if keeps_accumulator(x, y, bases):
            # The same variants again, each leaving the accumulator as it found it.
            for name, pair, body, ymetered, xfield, yfield in handlers[first:]:
                kept = ["let kept = accp.pointee"] + [
                    l.replace("return nextHandler", "accp.pointee = kept; return nextHandler") for l in body]
                handlers.append((name + "Keep", pair, kept, ymetered, xfield, yfield))
        elif overwrites_first_result(x, y, bases):
            # The variants where Y reads X's result from the accumulator again, without X's
            # slot store, which Y's result replaces; a run that ends in Y stores it first.
            for name, pair, body, ymetered, xfield, yfield in list(handlers[first:]):
                if yfield is None:
                    continue
                second = body.index("pcp.pointee = second")
                xpart = [re.sub(r"; sp\[Int\((d|op\.a)\)\] = result; accp\.pointee = result",
                                "; firstResult = result; accp.pointee = result", l) for l in body[:second]]
                assert xpart != body[:second], name
                xpart = [l for l in xpart if l.strip() != "let d = op.a"]
                ypart = [l.replace("return Threaded.exit",
                                   "sp[Int(op.a)] = firstResult; return Threaded.exit") for l in body[second:]]
                if any("= firstResult" in l for l in ypart):
                    dead = ["var firstResult: UInt64 = 0"] + xpart + ypart
                else:
                    # Y cannot end the run: X's result is needed nowhere but in the accumulator.
                    dead = [l.replace("; firstResult = result", "") for l in xpart] + ypart
                handlers.append((name + "Dead", pair, dead, ymetered, xfield, yfield))
    return handlers

def overwrites_first_result(x, y, bases):
    """Whether the pair (X, Y) has variants without X's slot store (`Dead`), for where Y writes
    its result to the slot X wrote and reads that slot once, from the accumulator: X writes a
    result, and so does Y, reading slots only through operands that may come from the
    accumulator (so the selection sees every read)."""
    [(_, _, _, _, _, xproduces)] = bases[x]
    if not xproduces:
        return False
    for _, _, ylines, _, yreads, yproduces in bases[y]:
        texts = {text for _, text in yreads}
        if not yproduces or not set(re.findall(r"sp\[Int\([^)]*\)\]", "\n".join(ylines))) <= texts:
            return False
    return True

def keeps_accumulator(x, y, bases):
    """Whether the pair (X, Y) has variants that keep the accumulator (ThreadedCode.swift,
    `keepsAccumulator`): X writes a result that Y, a store, consumes."""
    [(_, _, _, _, _, xproduces)] = bases[x]
    return xproduces and "Store" in y and not any(entry[5] for entry in bases[y])

# Handlers that are not instructions: the prologue that zeroes a callee's many declared locals
# before its first instruction (ThreadedCode.swift, `Threaded.zeroLocals`), unmetered and
# metered. They come last in the table.
THREADED_HELPERS = [
    ("zeroLocals", "return Threaded.zeroLocals(pcp.pointee.pointee, spp.pointee, pcp, gasp, ctx, metered: false)"),
    ("zeroLocalsMetered", "return Threaded.zeroLocals(pcp.pointee.pointee, spp.pointee, pcp, gasp, ctx, metered: true)"),
]

def gen_threaded_swift():
    handlers = threaded_bodies()
    out = [HEADER, "import CCairnThreaded", "import CairnProgram", "import CairnWasm", "",
           "// Every handler body and the reference to the handler table must stay in this one file:",
           "// the C trampolines are emitted into this file's LLVM module, where the bodies inline.", ""]
    out += ["/// Handler addresses, by the handler numbers of ``Instruction/threadedForm(metered:accumulator:)``",
            "/// (0 is the exit).",
            "let threadedHandlerAddresses: [UInt64] = withUnsafeBytes(of: cairn_handlers) { Array($0.bindMemory(to: UInt64.self)) }", "",
            "/// The end of a threaded run: hands the registers back to the `switch` loop.",
            "@_silgen_name(\"cairn_execute_exit\") @inline(__always)",
            "func cairnExecuteExit(_ sp: UnsafeMutablePointer<UInt64>, _ pc: UnsafePointer<ThreadedOp>, _ fp: UnsafeMutablePointer<Frame>, _ gas: UInt64, _ ctx: ThreadedContextPointer) {",
            "    ctx.pointee.sp = sp",
            "    ctx.pointee.pc = pc - ctx.pointee.instance.code",
            "    ctx.pointee.depth = fp - ctx.pointee.frames",
            "    ctx.pointee.gas = gas",
            "}", ""]
    twins = handler_twins()
    for hname, iname, lines, metered, field, produces in handlers:
        if hname in twins:
            continue
        out.append(f"@_silgen_name(\"cairn_execute_{hname}\") @inline(__always)")
        out.append(f"func cairnExecute_{hname}(_ spp: ThreadedSlots, _ pcp: ThreadedPC, _ mdp: ThreadedMemory, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer) -> UInt64 {{")
        body = "\n".join(lines)
        if re.search(r"\bop\b", body):
            out.append("    let op = pcp.pointee.pointee")
        if "sp[" in body or "sp " in body:
            out.append("    let sp = spp.pointee")
        if lines[-1] == "return Threaded.next(pcp)":
            # The next handler is read before the instruction's own stores, which the compiler
            # cannot move it above (a slot store might alias the code).
            out.append("    let next = pcp.pointee + 1")
            out.append("    let nextHandler = next.pointee.handler")
            lines = lines[:-1] + ["pcp.pointee = next", "return nextHandler"]
        for l in lines:
            out.append("    " + l)
        out.append("}")
    pairs = threaded_pair_bodies()
    for hname, pair, lines, metered, xfield, yfield in pairs:
        if hname in twins:
            continue
        out.append(f"@_silgen_name(\"cairn_execute_{hname}\") @inline(__always)")
        out.append(f"func cairnExecute_{hname}(_ spp: ThreadedSlots, _ pcp: ThreadedPC, _ mdp: ThreadedMemory, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer) -> UInt64 {{")
        body = "\n".join(lines)
        if re.search(r"\bop\b", body):
            out.append("    let op = pcp.pointee.pointee")
        if "sp[" in body:
            out.append("    let sp = spp.pointee")
        # Y's operands and, when Y falls through, the next handler are read before X's stores.
        out.append("    let second = pcp.pointee + 1")
        if re.search(r"\bop2\b", body):
            out.append("    let op2 = second.pointee")
        if "nextHandler" in body:
            out.append("    let next = second + 1")
            out.append("    let nextHandler = next.pointee.handler")
        for l in lines:
            out.append("    " + l)
        out.append("}")
    for hname, line in THREADED_HELPERS:
        out.append(f"@_silgen_name(\"cairn_execute_{hname}\") @inline(__always)")
        out.append(f"func cairnExecute_{hname}(_ spp: ThreadedSlots, _ pcp: ThreadedPC, _ mdp: ThreadedMemory, _ fpp: ThreadedFrames, _ gasp: ThreadedRegister, _ accp: ThreadedRegister, _ ctx: ThreadedContextPointer) -> UInt64 {{")
        out.append("    " + line)
        out.append("}")
    helper = len(handlers) + len(pairs) + 1
    out += ["", "/// The numbers of the prologue that zeroes a callee's many locals (``Threaded/zeroLocals(_:_:_:_:_:metered:)``),",
            "/// unmetered and metered.",
            f"let threadedPrologueHandlers = (unmetered: {helper}, metered: {helper + 1})"]
    numbers = {}
    producers = set()
    for i, (hname, iname, lines, metered, field, produces) in enumerate(handlers):
        numbers.setdefault(iname, {}).setdefault(metered, {})[field] = i + 1
        if produces:
            producers.add(iname)
    position = {"a": "x0", "b": "x1", "c": "x2"}
    def choose(variants):
        expr = str(variants[None])
        for field in reversed([f for f in variants if f is not None]):
            expr = f"{position[field]} == accumulator ? {variants[field]} : {expr}"
        return expr
    out += ["", "extension Instruction {",
            "    /// The instruction's threaded form: its handler number and its operands (0, the exit,",
            "    /// for instructions that the `switch` loop runs). `accumulator` is the slot whose value",
            "    /// the accumulator holds whenever threaded code reaches the instruction, if any: a",
            "    /// read of that slot then comes from the accumulator.",
            "    func threadedForm(metered: Bool, accumulator: Slot?) -> (handler: Int, a: UInt32, b: UInt32, c: UInt32) {",
            "        switch self {"]
    for name, ops in all_cases():
        if name not in numbers:
            continue
        n = numbers[name]
        h = choose(n[None]) if None in n else f"metered ? ({choose(n[True])}) : ({choose(n[False])})"
        binds = ", ".join(f"let x{i}" for i in range(len(ops)))
        fields = [f"x{i}" for i in range(len(ops))] + ["0"] * (3 - len(ops))
        out.append(f"        case .`{name}`" + (f"({binds})" if ops else "") + f": return ({h}, {', '.join(fields)})")
    out += ["        default: return (0, 0, 0, 0)", "        }", "    }", "",
            "    /// The slot whose value a threaded handler of this instruction leaves in the",
            "    /// accumulator (its result), or nil.",
            "    var accumulatorResult: Slot? {", "        switch self {"]
    for name, ops in all_cases():
        if name in producers:
            binds = ", ".join("let d" if i == 0 else "_" for i in range(len(ops)))
            out.append(f"        case .`{name}`({binds}): return d")
    out += ["        default: return nil", "        }", "    }", ""]
    out += gen_pair_selection(pairs, len(handlers) + 1)
    out += ["}"]
    return "\n".join(out) + "\n"

def gen_pair_selection(pairs, first_number):
    """`Instruction.fusedThreadedHandler(followedBy:metered:accumulator:)`: the number of the
    fused handler of a pair, its variant chosen as `threadedForm` chooses single ones."""
    cases = dict(all_cases())
    reads = {entry[1]: entry[4] for entry in threaded_base_handlers()}
    produces = {entry[1]: entry[5] for entry in threaded_base_handlers()}
    index = {"a": 0, "b": 1, "c": 2}
    numbers = {}
    keeping = set()
    dead = set()
    for i, (hname, pair, lines, metered, xfield, yfield) in enumerate(pairs):
        if hname.endswith("Keep"):
            keeping.add(pair)
            continue
        if hname.endswith("Dead"):
            dead.add(pair)
            continue
        numbers.setdefault(pair, {})[(xfield, metered, yfield)] = first_number + i
    out = ["    /// The handler number of the fused pair of this instruction and `next`, the instruction",
           "    /// after it (which no branch may enter), or nil when the pair has none. `accumulator`",
           "    /// is as for ``threadedForm(metered:accumulator:)``; the fused handler's operands are",
           "    /// this instruction's. With `keepingAccumulator`, the handler of a pair that leaves the",
           "    /// accumulator as it found it (nil when the pair has none). Where `next` writes its",
           "    /// result to this instruction's result slot and reads that slot once, from the",
           "    /// accumulator, the handler is one that skips this instruction's slot store (`Dead`).",
           "    func fusedThreadedHandler(followedBy next: Instruction, metered: Bool, accumulator: Slot?, keepingAccumulator: Bool = false) -> Int? {",
           "        switch (self, next) {"]
    for (x, y), n in numbers.items():
        xfields = [None] + [f for f, _ in reads[x]]
        yfields = [None] + ([f for f, _ in reads[y]] if produces[x] else [])
        flavours = sorted({m for _, m, _ in n}, key=lambda m: (m is not None, m))
        # The numbering of threaded_pair_bodies: X's variant, then Y's flavour, then Y's variant.
        start = n[(None, flavours[0], None)]
        for xi, xf in enumerate(xfields):
            for mi, m in enumerate(flavours):
                for yi, yf in enumerate(yfields):
                    assert n[(xf, m, yf)] == start + (xi * len(flavours) + mi) * len(yfields) + yi
        xused = {index[f] for f in xfields if f} | ({0} if len(yfields) > 1 else set())
        yused = {index[f] for f in yfields if f} | ({0} if (x, y) in dead else set())
        def pattern(name, prefix, used):
            ops = cases[name]
            if not ops:
                return f".`{name}`"
            return f".`{name}`(" + ", ".join(f"let {prefix}{i}" if i in used else "_" for i in range(len(ops))) + ")"
        out.append(f"        case ({pattern(x, 'x', xused)}, {pattern(y, 'y', yused)}):")
        def choice(fields, value, prefix):
            expr = "0"
            for i in reversed(range(1, len(fields))):
                expr = f"{prefix}{index[fields[i]]} == {value} ? {i} : {expr}"
            return expr
        out.append(f"            let first = {choice(xfields, 'accumulator', 'x')}")
        out.append(f"            let second = {choice(yfields, 'x0', 'y')}")
        stride = len(yfields)
        block = len(xfields) * len(flavours) * stride
        # The keeping variants of a pair follow its other variants, in the same order.
        kept = f"(keepingAccumulator ? {block} : 0) + " if (x, y) in keeping else ""
        if (x, y) not in keeping:
            out.append("            if keepingAccumulator { return nil }")
        if (x, y) in dead:
            # Y overwrites X's slot and reads it once: the variants without X's store follow
            # the others, those where Y reads the accumulator only.
            for xi in range(len(xfields)):
                for mi in range(len(flavours)):
                    for yi in range(1, stride):
                        number = start + block + (xi * len(flavours) + mi) * (stride - 1) + yi - 1
                        normal = start + (xi * len(flavours) + mi) * stride + yi
                        assert pairs[number - first_number][0] == pairs[normal - first_number][0] + "Dead", (x, y)
            matches = " + ".join(f"(y{index[f]} == x0 ? 1 : 0)" for f in yfields[1:])
            flavour = "(metered ? 1 : 0)" if len(flavours) == 2 else "0"
            out.append(f"            if second != 0, y0 == x0, {matches} == 1 {{")
            out.append(f"                return {start + block} + (first * {len(flavours)} + {flavour}) * {stride - 1} + second - 1")
            out.append("            }")
        if len(flavours) == 2:
            out.append(f"            let flavour = metered ? 1 : 0")
            out.append(f"            return {kept}{start} + (first * 2 + flavour) * {stride} + second")
        else:
            out.append(f"            return {kept}{start} + first * {stride} + second")
    out += ["        default: return nil", "        }", "    }"]
    return out

def handler_twins():
    """Handlers whose body is the same as an earlier handler's (`i32.load` and `f32.load` both
    load four bytes into a slot), by name, with the earlier one's name. Such a handler is not
    emitted: its number in the table points at its twin. (Emitted twice, LLVM would merge the
    two into a jump from one to the other: one more branch on the hottest handlers.)"""
    first = {}
    twins = {}
    for kind, entries in (("single", threaded_bodies()), ("pair", threaded_pair_bodies())):
        names = {entry[0] for entry in entries}
        for hname, iname, lines, *_ in entries:
            key = (kind, "\n".join(lines))
            same = hname.replace(iname, SAME_SLOT_BITS[iname], 1) if iname in SAME_SLOT_BITS else None
            if same in names:
                twins[hname] = same
            elif key in first:
                twins[hname] = first[key]
            else:
                first[key] = hname
    return twins

# Instructions that compute the same slot bits as another, written differently: slots hold an
# i32 zero-extended, so extending it unsigned is wrapping it; `ref.is_null` is `i64.eqz`.
SAME_SLOT_BITS = {"i64ExtendI32U": "i32WrapI64", "i64ExtendI32S": "i64Extend32S", "refIsNull": "i64Eqz"}

def gen_threaded_c():
    handlers = threaded_bodies()
    out = ["// Generated by scripts/gen-instructions.py from its opcode table. Do not edit.",
           "// Included by CCairnThreaded.h: one trampoline per handler, then the handler table.", ""]
    handlers = handlers + threaded_pair_bodies() + THREADED_HELPERS
    twins = handler_twins()
    for hname, *_ in handlers:
        if hname not in twins:
            out.append(f"CAIRN_HANDLER({hname})")
    out += ["", "/// Handler addresses by number (0 is the exit); see Instruction.threadedForm(metered:accumulator:).",
            "/// A handler with the same body as an earlier one has that one's address.",
            "static const uintptr_t cairn_handlers[] = {", "    (uintptr_t)cairn_tc_exit,"]
    for hname, *_ in handlers:
        out.append(f"    (uintptr_t)cairn_tc_{twins.get(hname, hname)},")
    out.append("};")
    return "\n".join(out) + "\n"

def main():
    gen = ROOT / "Sources/CairnProgram/Generated"
    gen.mkdir(parents=True, exist_ok=True)
    (gen / "Instruction.swift").write_text(gen_enum())
    (gen / "NumericLowering.swift").write_text(gen_lowering())
    (gen / "InstructionGas.swift").write_text(gen_gas())
    (gen / "InstructionCoding.swift").write_text(gen_coding())
    (gen / "InstructionDestination.swift").write_text(gen_destination())
    (gen / "InstructionFusion.swift").write_text(gen_fusion())
    doc = ROOT / "docs/program-format.md"
    if doc.exists():
        splice_doc(doc, gen_opcode_table())
    verifier = ROOT / "Sources/CairnVerifier/Generated"
    if verifier.exists():
        (verifier / "StepSemantics.swift").write_text(gen_step_semantics())
    machine = ROOT / "Sources/CairnMachine/Generated"
    machine.mkdir(parents=True, exist_ok=True)
    (machine / "ThreadedHandlers.swift").write_text(gen_threaded_swift())
    (ROOT / "Sources/CCairnThreaded/include/ThreadedHandlers.inc").write_text(gen_threaded_c())
    (machine / "SwitchStep.swift").write_text(gen_switch_step())

if __name__ == "__main__":
    main()
