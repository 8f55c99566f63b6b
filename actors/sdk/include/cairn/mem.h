/* Memory for actors: a bump allocator over memory.grow, and the mem* functions clang calls.
 * An actor instance lives for one invocation, so nothing is ever freed. */
#ifndef CAIRN_MEM_H
#define CAIRN_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Returns `size` bytes aligned to 8, growing linear memory as needed. Traps (unreachable) when
 * memory cannot grow: the runtime reports it as an illegal instruction, as ref-fvm does. */
void *cairn_alloc(size_t size);
/* Returns `size` zeroed bytes. */
void *cairn_alloc_zeroed(size_t size);
/* Copies `size` bytes into a new allocation. */
void *cairn_dup(const void *data, size_t size);

size_t cairn_strlen(const char *s);

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
