// The glue of Cairn's direct-threaded interpreter (docs/register-machine.md, "Dispatch").
//
// Every instruction of threaded code begins with the address of its handler. A handler is a
// C function that runs the instruction's Swift body (inlined here: this header is compiled
// into the CairnMachine module by the Clang importer, so the Swift bodies and these functions
// end up in one LLVM module) and then jumps to the next instruction's handler with a
// guaranteed tail call. Dispatch is thus one indirect jump per instruction, at the end of
// each handler, with the machine registers (slot pointer, instruction pointer, memory base,
// frame stack top, gas) in host registers throughout. The C here only moves control; every
// semantic is in Swift (Sources/CairnMachine/Generated/ThreadedHandlers.swift).
#ifndef CCAIRN_THREADED_H
#define CCAIRN_THREADED_H

#include <stdint.h>

#if defined(__clang__) && defined(__has_attribute)
#  if __has_attribute(swiftasynccall) && __has_attribute(swiftcall) && !defined(__wasm__)
#    define CAIRN_THREADED_SUPPORTED 1
#  endif
// Swift's function merging pass, which `-O` runs, would merge handlers that differ in a few
// constants by giving them a parameter more, which a `musttail` call does not allow (the LLVM
// verifier rejects the module); every handler therefore names itself in an empty assembly
// statement (`CAIRN_HANDLER`), which the pass compares and never turns into a parameter, so no
// two handlers are alike. No compiler flag is needed, so a package that depends on Cairn by
// version gets the same handlers.
#  if defined(__x86_64__) && __has_attribute(preserve_none) && __has_attribute(musttail)
#    define CAIRN_THREADED_PRESERVE_NONE 1
#  endif
#endif
#ifndef CAIRN_THREADED_SUPPORTED
#  define CAIRN_THREADED_SUPPORTED 0
#endif

/// Whether this compiler and target give guaranteed tail calls (Clang's `swiftasynccall`
/// convention, or `preserve_none` with `musttail`: a call in tail position from one handler to
/// another is always a jump); without them Cairn runs its `switch` interpreter only.
static inline int cairn_threaded_supported(void) { return CAIRN_THREADED_SUPPORTED; }

/// `x`, through an empty assembly statement that the optimizer cannot look into or move into
/// another block: a value computed on one way of a branch then cannot be chosen by a `cmov`
/// after it (ThreadedCode.swift, `Threaded.conditional`).
static inline uint64_t cairn_opaque(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
    __asm__ volatile("" : "+r"(x));
#endif
    return x;
}

#if CAIRN_THREADED_SUPPORTED

#define CAIRN_SWIFTCC __attribute__((swiftcall))
#define CAIRN_ALIGNED __attribute__((aligned(16)))
#if CAIRN_THREADED_PRESERVE_NONE
// `preserve_none` passes the registers in twelve general-purpose registers and makes every
// register caller-saved. A handler never returns to its caller (it jumps to the next one), so
// callee-saved registers only cost it pushes and pops: under `swiftasynccall` a handler that
// needed more than the three free scratch registers saved and restored callee-saved ones on
// every instruction (a third of the handlers). `musttail` guarantees the jump.
#  define CAIRN_TC __attribute__((preserve_none))
#  define CAIRN_CONTEXT
#  define CAIRN_TAIL __attribute__((musttail))
// An x86 assembly comment naming the handler (see CAIRN_HANDLER).
#  define CAIRN_DISTINCT(NAME) __asm__ volatile("# cairn handler " #NAME)
#else
#  define CAIRN_TC __attribute__((swiftasynccall))
#  define CAIRN_CONTEXT __attribute__((swift_context))
#  define CAIRN_TAIL
// `swiftasynccall` handlers are never merged (the pass leaves that convention alone).
#  define CAIRN_DISTINCT(NAME)
#endif

/// A handler: the machine registers in, nothing out (the run ends when a handler returns).
/// `fp` is the frame stack's top (the next free frame record); `acc` is the accumulator: the
/// last result a handler wrote (ThreadedCode.swift). The context stays in a register from
/// handler to handler (the Swift context register under `swiftasynccall`).
typedef CAIRN_TC void (*cairn_handler)(uint64_t *sp, const uint64_t *pc, void *md, void *fp, uint64_t gas,
                                       uint64_t acc, CAIRN_CONTEXT void *ctx);

/// A handler whose Swift body `cairn_execute_NAME` returns the next handler's address.
/// `CAIRN_DISTINCT` emits only an assembly comment; it makes the handler unlike every other one
/// for Swift's function merging pass (above). Handlers are aligned as `-O2` aligns functions: the
/// Clang importer compiles them for size, which leaves them unaligned.
#define CAIRN_HANDLER(NAME)                                                                     \
    CAIRN_TC CAIRN_ALIGNED static inline void cairn_tc_##NAME(uint64_t *sp, const uint64_t *pc, \
                                                void *md, void *fp, uint64_t gas, uint64_t acc, \
                                                CAIRN_CONTEXT void *ctx) {                      \
        CAIRN_SWIFTCC uint64_t cairn_execute_##NAME(uint64_t **, const uint64_t **, void **,     \
                                                    void **, uint64_t *, uint64_t *, void *);    \
        CAIRN_DISTINCT(NAME);                                                                   \
        uint64_t next;                                                                          \
        [[clang::always_inline]] next = cairn_execute_##NAME(&sp, &pc, &md, &fp, &gas, &acc, ctx); \
        CAIRN_TAIL return ((cairn_handler)next)(sp, pc, md, fp, gas, acc, ctx);                 \
    }

/// The handler that ends a run: it hands the registers back to Swift and returns.
CAIRN_TC static inline void cairn_tc_exit(uint64_t *sp, const uint64_t *pc, void *md, void *fp, uint64_t gas,
                                          uint64_t acc, CAIRN_CONTEXT void *ctx) {
    CAIRN_SWIFTCC void cairn_execute_exit(uint64_t *, const uint64_t *, void *, uint64_t, void *);
    [[clang::always_inline]] cairn_execute_exit(sp, pc, fp, gas, ctx);
}

/// The exit's address, as a constant the optimizer can see: a handler that ends the run jumps
/// straight to it, where an address loaded from the context made every way out share the
/// handler's final dispatch jump (and with it register copies on the common way).
static inline uint64_t cairn_exit_handler(void) { return (uint64_t)(uintptr_t)&cairn_tc_exit; }

/// Runs threaded code from `pc` until a handler ends the run; `acc` is the accumulator's
/// value on entry.
static inline void cairn_threaded_run(uint64_t *sp, const uint64_t *pc, void *md, void *fp, uint64_t gas, uint64_t acc,
                                      void *ctx) {
    ((cairn_handler)pc[0])(sp, pc, md, fp, gas, acc, ctx);
}

#include "ThreadedHandlers.inc"

#else
static const uintptr_t cairn_handlers[1] = {0};
static inline uint64_t cairn_exit_handler(void) { return 0; }
static inline void cairn_threaded_run(uint64_t *sp, const uint64_t *pc, void *md, void *fp, uint64_t gas, uint64_t acc,
                                      void *ctx) {}
#endif

#endif
