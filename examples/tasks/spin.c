/* Task: a long computation for step and checkpoint benchmarks. The input is a decimal count N;
 * the task mixes a 64 KiB table N times (xorshift, one table read and write per round) and
 * writes the table's checksum as 16 hex digits and a newline. About 20 steps per round. */
#include "task.h"

typedef unsigned long long u64;
static u64 table[8192];

TASK_RUN {
    char text[32];
    int n = input_read(0, text, sizeof text);
    u64 rounds = 0;
    for (int i = 0; i < n && text[i] >= '0' && text[i] <= '9'; i++) rounds = rounds * 10 + (u64)(text[i] - '0');
    u64 x = 0x9e3779b97f4a7c15ull;
    for (u64 r = 0; r < rounds; r++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        table[x & 8191] += x;
    }
    u64 sum = 0;
    for (int i = 0; i < 8192; i++) sum = sum * 31 + table[i];
    static const char hex[] = "0123456789abcdef";
    char out[17];
    for (int i = 0; i < 16; i++) out[i] = hex[(sum >> (60 - 4 * i)) & 15];
    out[16] = '\n';
    output_write(out, 17);
}
