/* sieve.c: the sieve of Eratosthenes in linear memory that grows on demand.
 *
 * Exports:
 *   sieve(n)          the number of primes below n, or -1 when memory cannot grow to n bytes
 *   nth_prime(k)      the k-th prime (1-based): nth_prime(1) = 2; -1 if k < 1
 *   prime_sum(n)      the sum of the primes below n, as i64
 *   poke(addr, v)     stores v at addr and returns what is there (traps past the end of memory)
 */
#include "common.h"

/* The sieve lives at the heap base and grows memory (memory.grow) when it needs more. */
static u8 *marks(i32 n) {
    u8 *base = &__heap_base;
    if (!ensure_memory((usize)base + (usize)n)) return 0;
    return base;
}

static i32 run_sieve(u8 *m, i32 n) {
    __builtin_memset(m, 1, (usize)n);
    if (n > 0) m[0] = 0;
    if (n > 1) m[1] = 0;
    for (i32 i = 2; (i64)i * i < n; i++)
        if (m[i])
            for (i32 j = i * i; j < n; j += i) m[j] = 0;
    i32 count = 0;
    for (i32 i = 0; i < n; i++) count += m[i];
    return count;
}

EXPORT("sieve")
i32 sieve(i32 n) {
    if (n < 0) return -1;
    u8 *m = marks(n);
    if (!m) return -1;
    return run_sieve(m, n);
}

EXPORT("nth_prime")
i32 nth_prime(i32 k) {
    if (k < 1) return -1;
    /* p_k < k (ln k + ln ln k) for k >= 6; a generous integer bound is enough here. */
    i32 n = 16;
    while (n / 12 < k) n *= 2;
    u8 *m = marks(n);
    if (!m) return -1;
    run_sieve(m, n);
    for (i32 i = 0; i < n; i++)
        if (m[i] && --k == 0) return i;
    return -1;
}

EXPORT("prime_sum")
i64 prime_sum(i32 n) {
    if (n < 0) return -1;
    u8 *m = marks(n);
    if (!m) return -1;
    run_sieve(m, n);
    i64 s = 0;
    for (i32 i = 0; i < n; i++)
        if (m[i]) s += i;
    return s;
}

EXPORT("poke")
i32 poke(u32 addr, i32 v) {
    volatile i32 *p = (volatile i32 *)(usize)addr;
    *p = v;
    return *p;
}
