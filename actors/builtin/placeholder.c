/* The placeholder actor: stands for an f4 address that has received funds before its actor
 * was deployed. It has no methods; any call aborts with USR_UNHANDLED_MESSAGE. (Plain value
 * transfers, method 0, never reach actor code.) */
#include "cairn/cairn.h"

__attribute__((export_name("invoke"))) uint32_t invoke(uint32_t params) {
    (void)params;
    cairn_abort(CAIRN_USR_UNHANDLED_MESSAGE, "the placeholder actor has no methods");
}
