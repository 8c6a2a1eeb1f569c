/*
 * jrnl_header.h — encoding and validation of the journal header
 * (docs/journal-format.md §3): magic, version, recording parameters, the
 * guest command line and the embedded guest program with its SHA-256.
 *
 * Both sides live here so the layout is written once. Decoding trusts no
 * length: every field is bounded by the header's own size, which is
 * bounded by JRNL_MAX_HEADER_BYTES and by the file size.
 */
#ifndef E2K_REPLAY_JRNL_HEADER_H
#define E2K_REPLAY_JRNL_HEADER_H

#include <stddef.h>
#include <stdint.h>

#include "replay/jrnl_fmt.h"

/* Bytes jrnl_header_probe wants to look at (magic, version, length). */
#define JRNL_HDR_PROBE_BYTES 16

/* A decoded header and the storage its pointers refer to. */
struct jrnl_header_buf {
    struct jrnl_header hdr; /* strings NUL-terminated; program points into raw */
    uint8_t *raw;           /* the header bytes as read (owned) */
    uint32_t bytes;         /* header size in the file */
    char *strings;          /* machine, cpu, host, argv copies (owned) */
    const char **argv;      /* argc + 1 pointers into strings (owned) */
    const char **envp;      /* envc + 1 pointers into strings (owned) */
};

/* Encodes hdr (borrowed) with its check into a new buffer *out (owned by
 * the caller, free()). The program's SHA-256 is computed when a program is
 * embedded, else hdr->program_sha256 is stored as given. */
int jrnl_header_encode(const struct jrnl_header *hdr, uint8_t **out, size_t *out_bytes,
                       struct jrnl_err *err);

/* Looks at the first min(file_bytes, JRNL_HDR_PROBE_BYTES) bytes p[0..avail):
 * on success *header_bytes is the header length, known to fit the file.
 * Errors: JRNL_E_MAGIC, JRNL_E_VERSION (naming both versions), JRNL_E_HEADER
 * (length out of range), JRNL_E_TRUNCATED (file ends inside the header). */
int jrnl_header_probe(const uint8_t *p, size_t avail, uint64_t file_bytes,
                      uint32_t *header_bytes, struct jrnl_err *err);

/* Checks and decodes a complete header. On success hb owns raw (malloc'd,
 * `bytes` long); on failure raw is freed. */
int jrnl_header_decode(struct jrnl_header_buf *hb, uint8_t *raw, uint32_t bytes,
                       struct jrnl_err *err);

/* Frees what jrnl_header_decode stored; safe on a zeroed hb. */
void jrnl_header_buf_fini(struct jrnl_header_buf *hb);

#endif /* E2K_REPLAY_JRNL_HEADER_H */
