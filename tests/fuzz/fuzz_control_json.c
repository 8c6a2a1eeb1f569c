/*
 * fuzz_control_json.c — libFuzzer target for the control socket's
 * protocol layer (tools/e2k-rr/ctl_json.c, ctl_proto.c): any byte string,
 * as one request line, must neither crash nor read out of bounds; a
 * refused request always comes with a reason, an accepted one has a known
 * operation with its values in range; every reply built from it (the
 * error echoing the reason, and the balloon/stats replies over a view
 * filled from the input) fits CTL_REPLY_MAX and parses back as JSON.
 * Corpus: tests/fuzz/corpus/fuzz_control_json/ (one request per file).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tools/e2k-rr/ctl_json.h"
#include "tools/e2k-rr/ctl_proto.h"

#define CHECK(c)         \
    do {                 \
        if (!(c))        \
            abort();     \
    } while (0)

static void check_json(const char *buf, size_t n)
{
    struct ctl_json_obj o;
    char err[200];
    CHECK(n > 0 && n < CTL_REPLY_MAX);
    CHECK(ctl_json_parse(buf, n, &o, err, sizeof err) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *line = (const char *)data;
    struct ctl_req r;
    char err[256] = "";
    char buf[CTL_REPLY_MAX];
    if (ctl_parse_request(line, size, &r, err, sizeof err) != 0) {
        CHECK(err[0] && strlen(err) < sizeof err);
        check_json(buf, ctl_reply_error(buf, sizeof buf, err));
    } else {
        CHECK(r.op >= CTL_OP_PATCH_BALLOON && r.op <= CTL_OP_REQUEST_STATS);
        CHECK(r.amount_mib <= CTL_MAX_AMOUNT_MIB && r.interval_s <= CTL_MAX_INTERVAL_S);
    }
    /* the generic reader on its own: members within bounds */
    struct ctl_json_obj o;
    if (ctl_json_parse(line, size, &o, err, sizeof err) == 0) {
        CHECK(o.n <= CTL_JSON_MAX_MEMBERS);
        for (unsigned i = 0; i < o.n; i++) {
            CHECK(strlen(o.m[i].key) < CTL_JSON_MAX_KEY);
            if (o.m[i].type == CTL_JSON_STRING)
                CHECK(o.m[i].str_len < CTL_JSON_MAX_STR && o.m[i].str[o.m[i].str_len] == 0);
        }
    }
    /* replies over a view made of input bytes */
    struct ctl_balloon_view v;
    memset(&v, 0, sizeof v);
    memcpy(&v, data, size < sizeof v ? size : sizeof v);
    check_json(buf, ctl_reply_balloon(buf, sizeof buf, &v));
    check_json(buf, ctl_reply_stats(buf, sizeof buf, &v));
    check_json(buf, ctl_reply_ok(buf, sizeof buf, v.icount));
    return 0;
}
