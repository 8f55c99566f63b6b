/* Task: counts the input's lines, words and bytes, written as "LINES WORDS BYTES\n" (as wc). */
#include "task.h"

static unsigned char buffer[4096];

static int decimal(char *out, unsigned long long value) {
    char digits[20];
    int n = 0;
    do { digits[n++] = (char)('0' + value % 10); value /= 10; } while (value);
    for (int i = 0; i < n; i++) out[i] = digits[n - 1 - i];
    return n;
}

TASK_RUN {
    unsigned long long lines = 0, words = 0, bytes = 0;
    int inWord = 0;
    for (;;) {
        int n = input_read((int)bytes, buffer, sizeof buffer);
        if (n == 0) break;
        for (int i = 0; i < n; i++) {
            unsigned char c = buffer[i];
            if (c == '\n') lines++;
            int space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
            if (!space && !inWord) words++;
            inWord = !space;
        }
        bytes += (unsigned long long)n;
    }
    char text[64];
    int at = decimal(text, lines);
    text[at++] = ' ';
    at += decimal(text + at, words);
    text[at++] = ' ';
    at += decimal(text + at, bytes);
    text[at++] = '\n';
    output_write(text, at);
}
