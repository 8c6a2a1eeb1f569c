/*
 * asm_lex.c — names, blanks, strings and statement splitting (asm_lex.h).
 */
#include "tools/as/asm_lex.h"

#include <string.h>

int asm_is_name_start(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_' ||
           ch == '.' || ch == '$' || ch == '#';
}

int asm_is_name_char(int ch)
{
    return asm_is_name_start(ch) || (ch >= '0' && ch <= '9');
}

static int is_blank(int ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v';
}

const char *asm_skip_ws(const char *p)
{
    while (is_blank((unsigned char)*p))
        p++;
    return p;
}

size_t asm_name_len(const char *p)
{
    size_t n = 0;
    if (!asm_is_name_start((unsigned char)p[0]))
        return 0;
    while (asm_is_name_char((unsigned char)p[n]))
        n++;
    return n;
}

int asm_accept(const char **pp, const char *s)
{
    const char *p = asm_skip_ws(*pp);
    size_t n = strlen(s);
    if (strncmp(p, s, n) != 0)
        return 0;
    *pp = p + n;
    return 1;
}

int asm_accept_word(const char **pp, const char *w)
{
    const char *p = asm_skip_ws(*pp);
    size_t n = strlen(w);
    if (strncmp(p, w, n) != 0 || asm_is_name_char((unsigned char)p[n]))
        return 0;
    *pp = p + n;
    return 1;
}

int asm_accept_key(const char **pp, const char *key)
{
    const char *p = *pp;
    if (!asm_accept_word(&p, key))
        return 0;
    p = asm_skip_ws(p);
    if (*p != '=' || p[1] == '=')
        return 0;
    *pp = p + 1;
    return 1;
}

int asm_at_end(const char *p)
{
    return *asm_skip_ws(p) == 0;
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

long asm_parse_string(const char **pp, char *out, size_t cap)
{
    const char *p = *pp;
    long n = 0;
    if (*p != '"')
        return -1;
    p++;
    for (;;) {
        int ch = (unsigned char)*p;
        if (ch == 0) {
            *pp = p;
            return -1;
        }
        p++;
        if (ch == '"')
            break;
        if (ch == '\\') {
            ch = (unsigned char)*p;
            if (ch == 0) {
                *pp = p;
                return -1;
            }
            p++;
            switch (ch) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'r': ch = '\r'; break;
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'v': ch = '\v'; break;
            case 'a': ch = '\a'; break;
            case 'e': ch = 27; break;
            case 'x':
            case 'X': {
                int v = 0, d;
                while ((d = hexval((unsigned char)*p)) >= 0) {
                    v = (v << 4) | d;
                    p++;
                }
                ch = v & 0xff;
                break;
            }
            default:
                if (ch >= '0' && ch <= '7') {
                    int v = ch - '0';
                    for (int i = 0; i < 2 && *p >= '0' && *p <= '7'; i++)
                        v = v * 8 + (*p++ - '0');
                    ch = v & 0xff;
                }
                /* other characters stand for themselves (\\, \", ...) */
                break;
            }
        }
        if ((size_t)n < cap)
            out[n] = (char)ch;
        n++;
    }
    *pp = p;
    return n;
}

int asm_split_line(const char *line, size_t len, asm_stmt_fn fn, void *arg)
{
    size_t i = 0, start = 0;
    /* `#` as the first non-blank character makes the line a comment. */
    size_t k = 0;
    while (k < len && is_blank((unsigned char)line[k]))
        k++;
    if (k < len && line[k] == '#')
        len = k;
    while (i <= len) {
        int ch = i < len ? (unsigned char)line[i] : 0;
        if (ch == '"') {
            i++;
            while (i < len && line[i] != '"') {
                if (line[i] == '\\' && i + 1 < len)
                    i++;
                i++;
            }
            if (i < len)
                i++;
            continue;
        }
        if (ch == '\'') {
            /* gas character constant 'c (or '\c) */
            i++;
            if (i < len && line[i] == '\\')
                i++;
            if (i < len)
                i++;
            if (i < len && line[i] == '\'')
                i++;
            continue;
        }
        if (ch == '!') {
            /* comment to end of line, even before `=` as in gas e2k */
            len = i;
            continue;
        }
        if (i == len || ch == ';' || ch == '{' || ch == '}') {
            struct asm_stmt st = {line + start, i - start,
                                  (char)(i == len ? '\n' : ch), (int)start + 1};
            if (fn(arg, &st))
                return -1;
            i++;
            start = i;
            continue;
        }
        i++;
    }
    return 0;
}
