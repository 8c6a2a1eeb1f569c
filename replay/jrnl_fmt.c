/*
 * jrnl_fmt.c — the small pieces of the journal format that both sides
 * use: error texts, the error-detail helper and the structure check value.
 */
#include "replay/jrnl_fmt.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "replay/sha256.h"

const char *jrnl_strerror(int code)
{
    switch (code) {
    case JRNL_OK: return "success";
    case JRNL_E_IO: return "I/O error";
    case JRNL_E_NOMEM: return "out of memory";
    case JRNL_E_MAGIC: return "not an e2k-rr journal";
    case JRNL_E_VERSION: return "unsupported journal version";
    case JRNL_E_HEADER: return "corrupt journal header";
    case JRNL_E_FRAME: return "corrupt frame header";
    case JRNL_E_LZ4: return "corrupt frame data";
    case JRNL_E_EVENT: return "corrupt event";
    case JRNL_E_INDEX: return "corrupt seek index";
    case JRNL_E_END: return "corrupt end record";
    case JRNL_E_TRUNCATED: return "journal truncated";
    case JRNL_E_LIMIT: return "size limit exceeded";
    case JRNL_E_ORDER: return "icount went backwards";
    case JRNL_E_KIND: return "unknown event kind";
    case JRNL_E_USAGE: return "journal API misuse";
    }
    return "unknown error";
}

int jrnl_err_set(struct jrnl_err *err, int code, uint64_t offset, uint64_t icount,
                 const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->offset = offset;
        err->icount = icount;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

void jrnl_chk(const void *data, size_t len, uint8_t out[JRNL_CHK_BYTES])
{
    uint8_t d[SHA256_BYTES];
    sha256(data, len, d);
    memcpy(out, d, JRNL_CHK_BYTES);
}

void jrnl_chk2(const void *a, size_t an, const void *b, size_t bn, uint8_t out[JRNL_CHK_BYTES])
{
    struct sha256_ctx c;
    uint8_t d[SHA256_BYTES];
    sha256_init(&c);
    sha256_update(&c, a, an);
    sha256_update(&c, b, bn);
    sha256_final(&c, d);
    memcpy(out, d, JRNL_CHK_BYTES);
}

int jrnl_chk_ok(const void *data, size_t len)
{
    uint8_t c[JRNL_CHK_BYTES];
    jrnl_chk(data, len, c);
    return memcmp(c, (const uint8_t *)data + len, JRNL_CHK_BYTES) == 0;
}
