/* interp.c: a tiny stack-machine bytecode interpreter dispatched by a switch (a br_table in
 * Wasm), with programs for loops, recursion-free Fibonacci, GCD and a Collatz search.
 *
 * Exports:
 *   interp_fib(n)           fib(n) mod 2^32, computed by a bytecode program
 *   interp_gcd(a, b)        gcd(a, b) by the Euclidean algorithm, in bytecode
 *   interp_collatz(limit)   the start below `limit` with the longest Collatz chain, in bytecode
 *   interp_sum(n)           sum 0..n-1 with a bytecode loop (i32, wrapping)
 *   interp_steps(n)         how many instructions interp_sum(n) executed
 *   interp_bad(op)          runs a one-instruction program `op`; an unknown opcode returns -1,
 *                           op 99 reads past the end of linear memory (a trap)
 */
#include "common.h"

enum {
    OP_HALT, OP_PUSH, OP_POP, OP_DUP, OP_SWAP, OP_OVER,
    OP_ADD, OP_SUB, OP_MUL, OP_DIVU, OP_REMU, OP_AND, OP_OR, OP_XOR, OP_SHR,
    OP_LT, OP_EQ, OP_JMP, OP_JZ, OP_JNZ, OP_LOAD, OP_STORE, OP_INC, OP_DEC,
    OP_TRAP_READ = 99,
};

typedef struct {
    u32 stack[64];
    u32 vars[8];
    i32 sp;
    u32 steps;
} vm;

static u32 last_steps;

/* Runs code[] with vars pre-set; returns the top of the stack at HALT, or (u32)-1 on error. */
static u32 run(const i32 *code, i32 len, vm *m) {
    i32 pc = 0;
    m->sp = 0;
    m->steps = 0;
    for (;;) {
        if (pc < 0 || pc >= len || m->sp < 0 || m->sp > 60) return (u32)-1;
        i32 op = code[pc++];
        m->steps++;
        u32 a, b;
        switch (op) {
        case OP_HALT: last_steps = m->steps; return m->sp > 0 ? m->stack[m->sp - 1] : 0;
        case OP_PUSH: m->stack[m->sp++] = (u32)code[pc++]; break;
        case OP_POP: m->sp--; break;
        case OP_DUP: m->stack[m->sp] = m->stack[m->sp - 1]; m->sp++; break;
        case OP_SWAP: a = m->stack[m->sp - 1]; m->stack[m->sp - 1] = m->stack[m->sp - 2]; m->stack[m->sp - 2] = a; break;
        case OP_OVER: m->stack[m->sp] = m->stack[m->sp - 2]; m->sp++; break;
        case OP_ADD: b = m->stack[--m->sp]; m->stack[m->sp - 1] += b; break;
        case OP_SUB: b = m->stack[--m->sp]; m->stack[m->sp - 1] -= b; break;
        case OP_MUL: b = m->stack[--m->sp]; m->stack[m->sp - 1] *= b; break;
        case OP_DIVU: b = m->stack[--m->sp]; if (!b) return (u32)-1; m->stack[m->sp - 1] /= b; break;
        case OP_REMU: b = m->stack[--m->sp]; if (!b) return (u32)-1; m->stack[m->sp - 1] %= b; break;
        case OP_AND: b = m->stack[--m->sp]; m->stack[m->sp - 1] &= b; break;
        case OP_OR: b = m->stack[--m->sp]; m->stack[m->sp - 1] |= b; break;
        case OP_XOR: b = m->stack[--m->sp]; m->stack[m->sp - 1] ^= b; break;
        case OP_SHR: b = m->stack[--m->sp]; m->stack[m->sp - 1] >>= (b & 31); break;
        case OP_LT: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] < b; break;
        case OP_EQ: b = m->stack[--m->sp]; m->stack[m->sp - 1] = m->stack[m->sp - 1] == b; break;
        case OP_JMP: pc = code[pc]; break;
        case OP_JZ: a = m->stack[--m->sp]; pc = a ? pc + 1 : code[pc]; break;
        case OP_JNZ: a = m->stack[--m->sp]; pc = a ? code[pc] : pc + 1; break;
        case OP_LOAD: m->stack[m->sp++] = m->vars[code[pc++] & 7]; break;
        case OP_STORE: m->vars[code[pc++] & 7] = m->stack[--m->sp]; break;
        case OP_INC: m->vars[code[pc++] & 7]++; break;
        case OP_DEC: m->vars[code[pc++] & 7]--; break;
        case OP_TRAP_READ: {
            volatile u32 *far = (volatile u32 *)(usize)0xfffffff0u;
            m->stack[m->sp++] = *far;
            break;
        }
        default: return (u32)-1;
        }
    }
}

#define LEN(a) ((i32)(sizeof(a) / sizeof((a)[0])))

EXPORT("interp_fib")
u32 interp_fib(u32 n) {
    /* vars: 0 = n, 1 = a, 2 = b */
    static const i32 code[] = {
        OP_PUSH, 0, OP_STORE, 1, OP_PUSH, 1, OP_STORE, 2,
        /* 8: loop */ OP_LOAD, 0, OP_JZ, 27,
        OP_LOAD, 1, OP_LOAD, 2, OP_ADD, OP_LOAD, 2, OP_STORE, 1, OP_STORE, 2, OP_DEC, 0, OP_JMP, 8,
        /* 27: */ OP_LOAD, 1, OP_HALT,
    };
    vm m = {0};
    m.vars[0] = n;
    return run(code, LEN(code), &m);
}

EXPORT("interp_gcd")
u32 interp_gcd(u32 a, u32 b) {
    /* vars: 0 = a, 1 = b. while (b) { t = a % b; a = b; b = t; } return a; */
    static const i32 code[] = {
        /*  0 */ OP_LOAD, 1, OP_JZ, 17,
        /*  4 */ OP_LOAD, 0, OP_LOAD, 1, OP_REMU,
        /*  9 */ OP_LOAD, 1, OP_STORE, 0,
        /* 13 */ OP_STORE, 1, OP_JMP, 0,
        /* 17 */ OP_LOAD, 0, OP_HALT,
    };
    vm m = {0};
    m.vars[0] = a;
    m.vars[1] = b;
    return run(code, LEN(code), &m);
}

EXPORT("interp_sum")
u32 interp_sum(u32 n) {
    /* vars: 0 = n, 1 = i, 2 = s. for (i = 0; i < n; i++) s += i; */
    static const i32 code[] = {
        /*  0 */ OP_PUSH, 0, OP_STORE, 1, OP_PUSH, 0, OP_STORE, 2,
        /*  8 */ OP_LOAD, 1, OP_LOAD, 0, OP_LT, OP_JZ, 26,
        /* 15 */ OP_LOAD, 2, OP_LOAD, 1, OP_ADD, OP_STORE, 2, OP_INC, 1, OP_JMP, 8,
        /* 26 */ OP_LOAD, 2, OP_HALT,
    };
    vm m = {0};
    m.vars[0] = n;
    return run(code, LEN(code), &m);
}

EXPORT("interp_steps")
u32 interp_steps(u32 n) {
    last_steps = 0;
    interp_sum(n);
    return last_steps;
}

EXPORT("interp_collatz")
u32 interp_collatz(u32 limit) {
    /* vars: 0 = limit, 1 = start, 2 = x, 3 = len, 4 = best, 5 = arg */
    static const i32 code[] = {
        /*  0 */ OP_PUSH, 1, OP_STORE, 1, OP_PUSH, 0, OP_STORE, 4, OP_PUSH, 1, OP_STORE, 5,
        /* 12 */ OP_LOAD, 1, OP_LOAD, 0, OP_LT, OP_JZ, 83,
        /* 19 */ OP_LOAD, 1, OP_STORE, 2, OP_PUSH, 0, OP_STORE, 3,
        /* 27 */ OP_LOAD, 2, OP_PUSH, 1, OP_EQ, OP_JNZ, 64,
        /* 34 */ OP_LOAD, 2, OP_PUSH, 1, OP_AND, OP_JZ, 53,
        /* 41 */ OP_LOAD, 2, OP_PUSH, 3, OP_MUL, OP_PUSH, 1, OP_ADD, OP_STORE, 2, OP_JMP, 60,
        /* 53 */ OP_LOAD, 2, OP_PUSH, 1, OP_SHR, OP_STORE, 2,
        /* 60 */ OP_INC, 3, OP_JMP, 27,
        /* 64 */ OP_LOAD, 4, OP_LOAD, 3, OP_LT, OP_JZ, 79,
        /* 71 */ OP_LOAD, 3, OP_STORE, 4, OP_LOAD, 1, OP_STORE, 5,
        /* 79 */ OP_INC, 1, OP_JMP, 12,
        /* 83 */ OP_LOAD, 5, OP_HALT,
    };
    vm m = {0};
    m.vars[0] = limit;
    return run(code, LEN(code), &m);
}

EXPORT("interp_bad")
i32 interp_bad(i32 op) {
    i32 code[3] = {op, OP_HALT, OP_HALT};
    vm m = {0};
    return (i32)run(code, 3, &m);
}
