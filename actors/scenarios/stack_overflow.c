/* Method 2 recurses without end through a function pointer (so the compiler can neither inline
 * nor turn it into a loop) and without touching linear memory: the Wasm call stack is exhausted. */
#include "cairn/cairn.h"

static uint32_t recurse(uint32_t depth);
static uint32_t (*volatile next)(uint32_t) = recurse;

static uint32_t recurse(uint32_t depth) { return next(depth + 1) + 1; }

static uint32_t constructor(uint32_t params) { (void)params; return 0; }
static uint32_t overflow(uint32_t params) { return next(params); }

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, overflow})
