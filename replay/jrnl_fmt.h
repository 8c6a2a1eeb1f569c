/*
 * jrnl_fmt.h — the journal's on-disk layout: record kinds, byte offsets of
 * every fixed structure, limits, JRNL_VERSION, and the types the writer
 * and reader share. The full byte-level description, with the reasoning,
 * is docs/journal-format.md; this header is its code form and the two must
 * change together.
 *
 * A journal is: header, frame records (each a 48-byte frame header and one
 * independent LZ4 frame of events), index record, end record.
 *
 * Bump JRNL_VERSION on every layout change, including any new or changed
 * row of jrnl_kinds.def. Readers accept exactly JRNL_VERSION and name both
 * numbers when they refuse a file (as rr's TRACE_VERSION).
 *
 * All fixed-width integers are little-endian. Every structure carries a
 * 64-bit check value (jrnl_chk: the first 8 bytes of SHA-256 over the
 * structure's preceding bytes); the LZ4 frames carry their own block and
 * content checksums (xxHash32), so every byte of a file is under a check.
 */
#ifndef E2K_REPLAY_JRNL_FMT_H
#define E2K_REPLAY_JRNL_FMT_H

#include <stddef.h>
#include <stdint.h>

#define JRNL_VERSION 2 /* 2: environment in the header; HOST_RESULT events */

/* ---- Record kinds (jrnl_kinds.def) ---- */
enum jrnl_kind {
    JRNL_K_NONE = 0, /* reserved, never valid in a file */
#define JRNL_KIND(name, num, spec, desc) JRNL_K_##name = num,
#include "replay/jrnl_kinds.def"
#undef JRNL_KIND
};
#define JRNL_KIND_LIMIT 64 /* every kind number is below this */

/* ---- Header (docs/journal-format.md §3) ---- */
#define JRNL_MAGIC "E2KJRNL\0" /* 8 bytes at offset 0 */
#define JRNL_MAGIC_BYTES 8
#define JRNL_HDR_OFF_VERSION 8        /* u32 */
#define JRNL_HDR_OFF_BYTES 12         /* u32 total header bytes, check included */
#define JRNL_HDR_OFF_FLAGS 16         /* u32 JRNL_HF_* */
#define JRNL_HDR_OFF_ISA 20           /* u32 e2k ISA version (elbrus-vN: N) */
#define JRNL_HDR_OFF_RAM 24           /* u64 guest RAM bytes (0: user mode) */
#define JRNL_HDR_OFF_TIME 32          /* i64 recording time, ns since the Unix epoch */
#define JRNL_HDR_OFF_HASH_INTERVAL 40 /* u64 icount between STATE_HASH events */
#define JRNL_HDR_OFF_FRAME_EVENTS 48  /* u32 writer's events-per-frame limit */
#define JRNL_HDR_OFF_FRAME_BYTES 52   /* u32 writer's raw-bytes-per-frame limit */
#define JRNL_HDR_OFF_PROGRAM_SHA 56   /* 32 bytes SHA-256 of the guest program */
#define JRNL_HDR_FIXED_BYTES 88       /* then machine, cpu, host, argv, program */
/* Fixed part, six u32 lengths (machine, cpu, host, argc, envc, program), check. */
#define JRNL_HDR_MIN_BYTES (JRNL_HDR_FIXED_BYTES + 6 * 4 + JRNL_CHK_BYTES)

#define JRNL_HF_SYSTEM 0x1u   /* system-mode machine (else Linux user mode) */
#define JRNL_HF_PROGRAM 0x2u  /* program bytes are embedded (else only its hash) */
#define JRNL_HF_KNOWN (JRNL_HF_SYSTEM | JRNL_HF_PROGRAM)

/* ---- Frame record (§4) ---- */
#define JRNL_FRAME_MAGIC 0x4d52464au /* "JFRM" read as u32 LE */
#define JRNL_FRM_OFF_EVENTS 4        /* u32 events in the frame (>= 1) */
#define JRNL_FRM_OFF_FIRST_ICOUNT 8  /* u64 icount of the first event */
#define JRNL_FRM_OFF_LAST_ICOUNT 16  /* u64 icount of the last event */
#define JRNL_FRM_OFF_RAW 24          /* u32 decompressed payload bytes */
#define JRNL_FRM_OFF_LZ4 28          /* u32 bytes of the LZ4 frame that follows */
#define JRNL_FRM_OFF_FIRST_SEQ 32    /* u64 ordinal of the first event in the file */
#define JRNL_FRM_OFF_CHK 40          /* check over bytes 0..39 + the LZ4 frame's start */
#define JRNL_FRM_HDR_BYTES 48
/* The frame check also covers the first min(lz4 bytes, this) bytes of the
 * LZ4 frame, so its header (7..15 bytes here) is under a 64-bit check too;
 * LZ4 block and content checksums cover the rest. */
#define JRNL_FRM_CHK_LZ4_BYTES 32

/* ---- Index record (§6) ---- */
#define JRNL_INDEX_MAGIC "E2KJIDX\0"
#define JRNL_IDX_OFF_COUNT 8         /* u64 entries, one per frame */
#define JRNL_IDX_OFF_ENTRIES 16
#define JRNL_IDX_ENTRY_BYTES 32      /* u64 offset, first icount, last icount, first seq */
/* Then the check over everything before it. */

/* ---- End record (§7): the last JRNL_END_BYTES of a complete file ---- */
#define JRNL_END_MAGIC "E2KJEND\0"
#define JRNL_END_OFF_FINAL_ICOUNT 8  /* u64 */
#define JRNL_END_OFF_EVENTS 16       /* u64 total events */
#define JRNL_END_OFF_FRAMES 24       /* u64 total frames */
#define JRNL_END_OFF_INDEX 32        /* u64 file offset of the index record */
#define JRNL_END_OFF_STATUS 40       /* i32 guest exit status */
#define JRNL_END_OFF_RESERVED 44     /* u32, zero */
#define JRNL_END_OFF_REGS_HASH 48    /* 32 bytes */
#define JRNL_END_OFF_MEM_HASH 80     /* 32 bytes */
#define JRNL_END_OFF_CHK 112
#define JRNL_END_BYTES 120

#define JRNL_CHK_BYTES 8
#define JRNL_HASH_BYTES 32

/* ---- Limits: the reader trusts no length from a file beyond these ---- */
#define JRNL_MAX_PROGRAM_BYTES (64u << 20)
#define JRNL_MAX_HEADER_BYTES (JRNL_MAX_PROGRAM_BYTES + (4u << 20))
#define JRNL_MAX_NAME_BYTES 4096u      /* machine, cpu, host */
#define JRNL_MAX_ARGS 4096u
#define JRNL_MAX_ARG_BYTES 65536u
#define JRNL_MAX_EVENT_BYTES (16u << 20) /* payload of one event */
/* kind, icount delta and length varints in front of a payload */
#define JRNL_MAX_ENVELOPE_BYTES (3 * 10)
#define JRNL_MAX_FRAME_EVENTS (1u << 20)
#define JRNL_MAX_FRAME_BYTES (8u << 20) /* largest frame_bytes_max a writer may set */
/* Raw bytes of one frame: up to frame_bytes_max, or one event over it. */
#define JRNL_MAX_FRAME_RAW (JRNL_MAX_FRAME_BYTES + JRNL_MAX_EVENT_BYTES + JRNL_MAX_ENVELOPE_BYTES)
/* LZ4 cannot expand more than ~255x (a match costs at least one byte per 255
 * bytes of length), so a frame claiming more than this ratio is corrupt. */
#define JRNL_MAX_LZ4_RATIO 255u

/* ---- Errors ---- */
enum jrnl_error {
    JRNL_OK = 0,
    JRNL_E_IO = -1,        /* open/read/write/seek failed (errno text in msg) */
    JRNL_E_NOMEM = -2,
    JRNL_E_MAGIC = -3,     /* not a journal */
    JRNL_E_VERSION = -4,   /* journal from another JRNL_VERSION */
    JRNL_E_HEADER = -5,    /* header malformed or its check failed */
    JRNL_E_FRAME = -6,     /* frame header malformed, out of bounds or check failed */
    JRNL_E_LZ4 = -7,       /* LZ4 frame did not decompress or its checksum failed */
    JRNL_E_EVENT = -8,     /* event malformed: envelope, payload vs spec, icount */
    JRNL_E_INDEX = -9,     /* index record malformed or inconsistent */
    JRNL_E_END = -10,      /* end record malformed or inconsistent */
    JRNL_E_TRUNCATED = -11, /* file ends early; events up to the last frame were read */
    JRNL_E_LIMIT = -12,    /* a size over one of the JRNL_MAX_* limits */
    JRNL_E_ORDER = -13,    /* writer: icount went backwards */
    JRNL_E_KIND = -14,     /* unknown event kind */
    JRNL_E_USAGE = -15     /* API misuse (put without begin, bad options) */
};

/* Optional error detail: what failed and where. */
struct jrnl_err {
    int code;         /* enum jrnl_error */
    uint64_t offset;  /* file offset concerned, or JRNL_NO_VALUE */
    uint64_t icount;  /* icount concerned, or JRNL_NO_VALUE */
    char msg[240];    /* one line, no newline; names offset/icount when known */
};
#define JRNL_NO_VALUE UINT64_MAX

/* Recording parameters, stored in the header. */
struct jrnl_header {
    uint32_t flags;                /* JRNL_HF_* */
    uint32_t isa_version;          /* e2k ISA version N of elbrus-vN */
    uint64_t ram_bytes;            /* guest RAM (system mode), 0 in user mode */
    int64_t record_time_ns;        /* when recorded, ns since the Unix epoch */
    uint64_t hash_interval_icount; /* STATE_HASH spacing (0: only at events) */
    uint32_t frame_events_max;     /* writer's frame limits (writer fills) */
    uint32_t frame_bytes_max;
    const char *machine;           /* e.g. "linux-user", "virt"; borrowed */
    const char *cpu;               /* e.g. "elbrus-v5" */
    const char *host;              /* recording host: name and OS */
    uint32_t argc;                 /* guest command line */
    const char *const *argv;       /* argc strings */
    uint32_t envc;                 /* guest environment (it shapes the
                                      initial stack, so replay needs it) */
    const char *const *envp;       /* envc "NAME=value" strings */
    const uint8_t *program;        /* guest program image (ELF), or NULL */
    uint64_t program_bytes;        /* 0 when not embedded */
    uint8_t program_sha256[JRNL_HASH_BYTES]; /* writer computes it if embedded */
};

/* One event as the reader returns it. Payload points into the reader's
 * frame buffer and stays valid until the next read/seek/restore. */
struct jrnl_event {
    uint32_t kind;            /* enum jrnl_kind */
    uint64_t icount;          /* wide instructions retired before it applies */
    uint64_t seq;             /* ordinal in the journal, from 0 */
    uint64_t frame;           /* frame number, from 0 */
    uint64_t frame_offset;    /* file offset of that frame's record */
    const uint8_t *payload;   /* encoded per the kind's spec; borrowed */
    uint32_t payload_bytes;
};

/* What the end record and END event say. */
struct jrnl_end {
    uint64_t final_icount;
    int32_t exit_status;
    uint8_t regs_hash[JRNL_HASH_BYTES];
    uint8_t mem_hash[JRNL_HASH_BYTES];
};

/* Text for a JRNL_E_* code ("unknown error" for anything else). */
const char *jrnl_strerror(int code);

/* Fills err (if not NULL) and returns code. fmt is printf-style. */
int jrnl_err_set(struct jrnl_err *err, int code, uint64_t offset, uint64_t icount,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Check value of len bytes: the first JRNL_CHK_BYTES of their SHA-256. */
void jrnl_chk(const void *data, size_t len, uint8_t out[JRNL_CHK_BYTES]);
/* Check value of a[0..an) followed by b[0..bn). */
void jrnl_chk2(const void *a, size_t an, const void *b, size_t bn, uint8_t out[JRNL_CHK_BYTES]);
/* 1 if the JRNL_CHK_BYTES at data + len are the check of data[0..len). */
int jrnl_chk_ok(const void *data, size_t len);

#endif /* E2K_REPLAY_JRNL_FMT_H */
