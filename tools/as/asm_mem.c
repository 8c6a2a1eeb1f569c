/*
 * asm_mem.c — bump allocator for the assembler context (asm_mem.h).
 *
 * Blocks of 64 KiB (or larger for big requests) are chained and freed
 * together; allocations are 16-byte aligned and zeroed.
 */
#include "tools/as/asm_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/as/asm_internal.h"

struct asm_arena_blk {
    struct asm_arena_blk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

#define BLK_SIZE ((size_t)64 * 1024)

void *asm_alloc(struct asm_ctx *c, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct asm_arena_blk *b = c->arena;
    if (!b || b->size - b->used < n) {
        size_t sz = n > BLK_SIZE ? n : BLK_SIZE;
        b = calloc(1, sizeof *b + sz);
        if (!b) {
            fprintf(stderr, "e2k-as: out of memory\n");
            exit(3);
        }
        b->size = sz;
        b->next = c->arena;
        c->arena = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

char *asm_strndup(struct asm_ctx *c, const char *s, size_t n)
{
    char *p = asm_alloc(c, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *asm_strdup(struct asm_ctx *c, const char *s)
{
    return asm_strndup(c, s, strlen(s));
}

void asm_arena_free(struct asm_ctx *c)
{
    struct asm_arena_blk *b = c->arena;
    while (b) {
        struct asm_arena_blk *n = b->next;
        free(b);
        b = n;
    }
    c->arena = NULL;
}

int asm_grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *np = realloc(*p, nc * elem);
    if (!np)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}
