/* A program that traps: divide(7, 0) divides by zero on the line marked below. */
int divide(int a, int b) {
    int q = a / b; /* line 3: traps when b == 0 */
    return q;
}

int average(int total, int count) {
    return divide(total, count); /* line 8 */
}

void fail(void) {
    __builtin_trap(); /* line 12: unreachable */
}

int run(int count) {
    int total = 0;
    for (int i = 1; i <= 4; i++) total += i;
    if (count < 0) fail(); /* line 18 */
    return average(total, count); /* line 19 */
}
