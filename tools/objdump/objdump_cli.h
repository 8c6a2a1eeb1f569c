/*
 * objdump_cli.h — the e2k-objdump command (options, file loading, the
 * GNU-objdump-style listing). Kept in the library so tests can run it
 * in-process on memory streams.
 */
#ifndef E2K_TOOLS_OBJDUMP_OBJDUMP_CLI_H
#define E2K_TOOLS_OBJDUMP_OBJDUMP_CLI_H

#include <stdio.h>

/* Run e2k-objdump with argv; output to `out`, messages to `err`.
 * Returns the exit status: 0 success, 1 a file could not be read or is not
 * a valid e2k ELF file, 2 bad usage. */
int objdump_main(int argc, char **argv, FILE *out, FILE *err);

#endif
