/* qsort.c: quicksort (Hoare partition, median of three, insertion sort for short runs) and
 * a heapsort of pseudo-random arrays, with checks.
 *
 * Exports:
 *   qsort_checksum(n, seed)   sorts n values from seed; returns a position-weighted checksum,
 *                             or -1 if the result is not sorted (n is capped at 65536)
 *   heapsort_checksum(n, seed) the same with heapsort: must equal qsort_checksum
 *   median(n, seed)           the median value after sorting
 *   inversions(n, seed)       the number of inversions of the unsorted array (merge sort), i64
 */
#include "common.h"

#define MAX_N 65536
static i32 data[MAX_N];
static i32 scratch[MAX_N];

static void generate(i32 *a, i32 n, u32 seed) {
    u32 s = seed_state(seed);
    for (i32 i = 0; i < n; i++) a[i] = (i32)(xorshift32(&s) % 2000001u) - 1000000;
}

static void insertion_sort(i32 *a, i32 lo, i32 hi) {
    for (i32 i = lo + 1; i <= hi; i++) {
        i32 v = a[i], j = i - 1;
        while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
        a[j + 1] = v;
    }
}

static inline void swap(i32 *a, i32 i, i32 j) { i32 t = a[i]; a[i] = a[j]; a[j] = t; }

static void quicksort(i32 *a, i32 lo, i32 hi) {
    while (hi - lo > 16) {
        i32 mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        i32 pivot = a[mid];
        i32 i = lo - 1, j = hi + 1;
        for (;;) {
            do i++; while (a[i] < pivot);
            do j--; while (a[j] > pivot);
            if (i >= j) break;
            swap(a, i, j);
        }
        /* recurse into the smaller half, loop on the larger: O(log n) depth */
        if (j - lo < hi - j) { quicksort(a, lo, j); lo = j + 1; }
        else { quicksort(a, j + 1, hi); hi = j; }
    }
    insertion_sort(a, lo, hi);
}

static void sift_down(i32 *a, i32 start, i32 end) {
    i32 root = start;
    while (2 * root + 1 <= end) {
        i32 child = 2 * root + 1, sw = root;
        if (a[sw] < a[child]) sw = child;
        if (child + 1 <= end && a[sw] < a[child + 1]) sw = child + 1;
        if (sw == root) return;
        swap(a, root, sw);
        root = sw;
    }
}

static void heapsort(i32 *a, i32 n) {
    for (i32 start = (n - 2) / 2; start >= 0; start--) sift_down(a, start, n - 1);
    for (i32 end = n - 1; end > 0; end--) { swap(a, end, 0); sift_down(a, 0, end - 1); }
}

static i32 checksum(const i32 *a, i32 n) {
    u32 h = 0;
    for (i32 i = 0; i < n; i++) {
        if (i > 0 && a[i - 1] > a[i]) return -1;
        h = h * 31u + (u32)a[i] * (u32)(i + 1);
    }
    return (i32)(h & 0x7fffffff);
}

static i32 clamp(i32 n) { return n < 0 ? 0 : n > MAX_N ? MAX_N : n; }

EXPORT("qsort_checksum")
i32 qsort_checksum(i32 n, u32 seed) {
    n = clamp(n);
    generate(data, n, seed);
    if (n > 0) quicksort(data, 0, n - 1);
    return checksum(data, n);
}

EXPORT("heapsort_checksum")
i32 heapsort_checksum(i32 n, u32 seed) {
    n = clamp(n);
    generate(data, n, seed);
    heapsort(data, n);
    return checksum(data, n);
}

EXPORT("median")
i32 median(i32 n, u32 seed) {
    n = clamp(n);
    if (n == 0) return 0;
    generate(data, n, seed);
    quicksort(data, 0, n - 1);
    return data[n / 2];
}

static i64 merge_count(i32 *a, i32 *tmp, i32 lo, i32 hi) {
    if (hi - lo < 1) return 0;
    i32 mid = lo + (hi - lo) / 2;
    i64 inv = merge_count(a, tmp, lo, mid) + merge_count(a, tmp, mid + 1, hi);
    i32 i = lo, j = mid + 1, k = lo;
    while (i <= mid && j <= hi) {
        if (a[i] <= a[j]) tmp[k++] = a[i++];
        else { tmp[k++] = a[j++]; inv += mid - i + 1; }
    }
    while (i <= mid) tmp[k++] = a[i++];
    while (j <= hi) tmp[k++] = a[j++];
    for (k = lo; k <= hi; k++) a[k] = tmp[k];
    return inv;
}

EXPORT("inversions")
i64 inversions(i32 n, u32 seed) {
    n = clamp(n);
    generate(data, n, seed);
    return merge_count(data, scratch, 0, n - 1);
}
