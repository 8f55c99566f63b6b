/* Method 2 executes `unreachable`: a trap. */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }
static uint32_t trap(uint32_t params) { (void)params; __builtin_trap(); }

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, trap})
