/* The task interface: the three host functions a provable task may import (docs/proofs.md). */
#ifndef CAIRN_TASK_H
#define CAIRN_TASK_H

#define TASK_IMPORT(name) __attribute__((import_module("task"), import_name(name)))
#define TASK_RUN __attribute__((export_name("run"))) void run(void)

/* The input's length in bytes. */
TASK_IMPORT("input_size") int input_size(void);
/* Copies up to len input bytes from offset to ptr; returns how many (0 at the end). */
TASK_IMPORT("input_read") int input_read(int offset, void *ptr, int len);
/* Appends len bytes at ptr to the output. */
TASK_IMPORT("output_write") void output_write(const void *ptr, int len);

#endif
