/*
 * asm_lex.h — character-level scanning for the gas dialect: names,
 * numbers, strings, keyword matching, and splitting a line into statements.
 *
 * Lexical rules (e2k-asm-syntax.md §1, [B tc-e2k.c comment_chars,
 * line_separator_chars, LEX_HASH]): `!` starts a comment anywhere, `#` at the
 * start of a line is a comment, `/ * ... * /` comments may span lines (the
 * source reader removes them), statements are separated by newline, `;`,
 * `{` and `}`. Names may contain letters, digits, `_`, `.`, `$` and `#`.
 */
#ifndef E2K_TOOLS_AS_ASM_LEX_H
#define E2K_TOOLS_AS_ASM_LEX_H

#include <stddef.h>
#include <stdint.h>

struct asm_ctx;

int asm_is_name_start(int ch);
int asm_is_name_char(int ch);

/* Skip blanks (space, tab, \r, \f, \v). */
const char *asm_skip_ws(const char *p);

/* Length of the name at p (0 if none). */
size_t asm_name_len(const char *p);

/* After blanks, match the literal text `s` exactly; advance *pp past it. */
int asm_accept(const char **pp, const char *s);

/* After blanks, match the word `w` not followed by a name character. */
int asm_accept_word(const char **pp, const char *w);

/* After blanks, match `key` then optional blanks then `=` (`wsz = 8`). */
int asm_accept_key(const char **pp, const char *key);

/* 1 if only blanks remain. */
int asm_at_end(const char *p);

/* Parse a string literal at *pp (which must point at `"`), decoding gas
 * escapes into out (up to cap bytes; more are counted but dropped).
 * Returns the decoded length, or -1 (unterminated; *pp at the error). */
long asm_parse_string(const char **pp, char *out, size_t cap);

/* One statement of a line: text [start, start+len), the separator that
 * ended it (';', '{', '}' or '\n') and its column (1-based). */
struct asm_stmt {
    const char *text;
    size_t len;
    char term;
    int col;
};

/* Split a physical line (without its newline) into statements; comments
 * are dropped. Calls fn for each statement, in order; the last one gets
 * term '\n'. Returns 0, or -1 if fn returned non-zero (stop). */
typedef int (*asm_stmt_fn)(void *arg, const struct asm_stmt *st);
int asm_split_line(const char *line, size_t len, asm_stmt_fn fn, void *arg);

#endif
