/*
 * wellformed.c — `wellformed json|xml FILE`: exit 0 if FILE is well-formed
 * JSON / XML (the checkers of tests/unit/trace/trc_testlib.h), else 1
 * with the offset. The trace integration test uses it on `e2k-rr export`
 * and `e2k-rr plot` output, so it needs neither python nor xmllint.
 */
#include "../unit/trace/trc_testlib.h"

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "json") && strcmp(argv[1], "xml"))) {
        fprintf(stderr, "usage: wellformed json|xml FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char tmp[65536];
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
        if (len + n > cap) {
            cap = (len + n) * 2;
            char *b = realloc(buf, cap);
            if (!b)
                return 2;
            buf = b;
        }
        memcpy(buf + len, tmp, n);
        len += n;
    }
    fclose(f);
    size_t where = 0;
    int ok = strcmp(argv[1], "json") == 0 ? tl_json_valid(buf ? buf : "", len)
                                           : tl_xml_valid(buf ? buf : "", len, &where);
    if (!ok)
        fprintf(stderr, "%s: not well-formed %s (near offset %zu)\n", argv[2], argv[1], where);
    free(buf);
    return ok ? 0 : 1;
}
