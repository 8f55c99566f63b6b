/* Method 2 loops forever: the invocation must run out of gas. */
#include "cairn/cairn.h"

static uint32_t constructor(uint32_t params) { (void)params; return 0; }

static uint32_t spin(uint32_t params) {
    (void)params;
    volatile uint64_t counter = 0;
    for (;;) counter = counter + 1;
}

CAIRN_ACTOR_METHODS({CAIRN_METHOD_CONSTRUCTOR, constructor}, {2, spin})
