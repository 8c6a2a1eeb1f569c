/*
 * jrnl_print.h — text and JSON renderings of journal events and headers,
 * for `e2k-rr dump` / `e2k-rr info` and for test failure messages. Fields
 * are printed by the names in jrnl_kinds.def, so a new kind needs no code
 * here. One event per line; no trailing state between calls.
 */
#ifndef E2K_REPLAY_JRNL_PRINT_H
#define E2K_REPLAY_JRNL_PRINT_H

#include <stdio.h>

#include "replay/jrnl_fmt.h"

#define JRNL_PRINT_JSON 0x1u /* one JSON object per line instead of text */
#define JRNL_PRINT_FULL 0x2u /* print byte fields in full (text: else first 64) */

/* Prints ev (borrowed) and a newline. A payload that does not match its
 * spec (cannot come from the reader) is printed as raw hex. */
void jrnl_print_event(FILE *f, const struct jrnl_event *ev, unsigned flags);
/* Prints the header's fields (not the program bytes), one per line in
 * text, one object in JSON. */
void jrnl_print_header(FILE *f, const struct jrnl_header *h, unsigned flags);

#endif /* E2K_REPLAY_JRNL_PRINT_H */
