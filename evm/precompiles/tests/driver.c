/* Native test driver for the precompiles (scripts/evm-precompile-check.py runs it): each line of
 * stdin is `NAME HEX`; it prints one line per input: the output in hex, or `ERR` when the
 * precompile returned -1. NAME is ripemd160, modexp, modexp_gas, bn254_add, bn254_mul,
 * bn254_pairing, blake2f, or bench_pairing (times N pairings of the input: `bench_pairing HEX N`). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../precompiles.h"

void *evm_alloc(uint32_t size) { return malloc(size ? size : 1); }

static uint8_t *parse_hex(const char *hex, uint32_t *len) {
    size_t n = strlen(hex) / 2;
    uint8_t *out = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) sscanf(hex + 2 * i, "%2hhx", &out[i]);
    *len = (uint32_t)n;
    return out;
}

static void print_result(int32_t written, const uint8_t *out) {
    if (written < 0) { puts("ERR"); return; }
    for (int32_t i = 0; i < written; i++) printf("%02x", out[i]);
    putchar('\n');
}

static int32_t run(const char *name, const uint8_t *in, uint32_t len, uint8_t *out, uint32_t cap) {
    if (!strcmp(name, "ripemd160")) return evm_precompile_ripemd160(in, len, out);
    if (!strcmp(name, "modexp")) return evm_precompile_modexp(in, len, out, cap);
    if (!strcmp(name, "bn254_add")) return evm_precompile_bn254_add(in, len, out);
    if (!strcmp(name, "bn254_mul")) return evm_precompile_bn254_mul(in, len, out);
    if (!strcmp(name, "bn254_pairing")) return evm_precompile_bn254_pairing(in, len, out);
    if (!strcmp(name, "blake2f")) return evm_precompile_blake2f(in, len, out);
    fprintf(stderr, "unknown precompile %s\n", name);
    exit(2);
}

int main(void) {
    static char line[1 << 22];
    static char name[64];
    static uint8_t out[1 << 20];
    while (fgets(line, sizeof line, stdin)) {
        char *hex = strchr(line, ' ');
        if (!hex) continue;
        *hex++ = 0;
        hex[strcspn(hex, " \r\n")] = 0;
        strncpy(name, line, sizeof name - 1);
        uint32_t len;
        uint8_t *in = parse_hex(hex, &len);
        if (!strcmp(name, "modexp_gas")) {
            printf("%llu\n", (unsigned long long)evm_precompile_modexp_gas(in, len));
        } else if (!strcmp(name, "bench_pairing")) {
            int count = atoi(hex + strlen(hex) + 1);
            /* CPU time as well as wall time: the machine is shared, and CPU time is what the
             * call costs. */
            struct timespec wall0, wall1, cpu0, cpu1;
            clock_gettime(CLOCK_MONOTONIC, &wall0);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
            int32_t written = 0;
            for (int i = 0; i < count; i++) written = evm_precompile_bn254_pairing(in, len, out);
            clock_gettime(CLOCK_MONOTONIC, &wall1);
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
            double wall = ((wall1.tv_sec - wall0.tv_sec) * 1e9 + (wall1.tv_nsec - wall0.tv_nsec)) / 1e3 / count;
            double cpu = ((cpu1.tv_sec - cpu0.tv_sec) * 1e9 + (cpu1.tv_nsec - cpu0.tv_nsec)) / 1e3 / count;
            printf("%.0f us CPU (%.0f us wall) per pairing call (%d calls, result %s)\n", cpu, wall, count,
                   written == 32 && out[31] ? "1" : "0");
        } else {
            print_result(run(name, in, len, out, sizeof out), out);
        }
        fflush(stdout);
        free(in);
    }
    return 0;
}
