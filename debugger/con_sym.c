/*
 * con_sym.c — symbol lookups in the guest program's ELF64 symbol table.
 *
 * The image comes from the journal (outside input), so every offset and
 * size is checked against the image before it is used; a malformed table
 * simply has no symbols. Nothing is cached: lookups happen when a person
 * types a name, and a table of a few thousand entries scans in
 * microseconds, so the console needs no state (and no teardown) for it.
 */
#include "debugger/con_sym.h"

#include <elf.h>
#include <stdio.h>
#include <string.h>

#include "replay/rev.h"

struct symtab {
    const uint8_t *img;
    size_t len;
    const Elf64_Sym *syms;
    size_t n;
    const char *strs;
    size_t strs_len;
};

/* Finds the first SHT_SYMTAB and its string table; 0 or -1. */
static int load(struct rev_session *s, struct symtab *t)
{
    if (rev_program(s, &t->img, &t->len) != 0 || t->len < sizeof(Elf64_Ehdr))
        return -1;
    Elf64_Ehdr eh;
    memcpy(&eh, t->img, sizeof eh);
    if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
        eh.e_shentsize != sizeof(Elf64_Shdr) || eh.e_shoff > t->len ||
        (uint64_t)eh.e_shnum * sizeof(Elf64_Shdr) > t->len - eh.e_shoff)
        return -1;
    for (unsigned i = 0; i < eh.e_shnum; i++) {
        Elf64_Shdr sh, st;
        memcpy(&sh, t->img + eh.e_shoff + (size_t)i * sizeof sh, sizeof sh);
        if (sh.sh_type != SHT_SYMTAB || sh.sh_link >= eh.e_shnum)
            continue;
        memcpy(&st, t->img + eh.e_shoff + (size_t)sh.sh_link * sizeof st, sizeof st);
        if (sh.sh_offset > t->len || sh.sh_size > t->len - sh.sh_offset ||
            st.sh_offset > t->len || st.sh_size > t->len - st.sh_offset ||
            sh.sh_offset % _Alignof(Elf64_Sym) != 0)
            return -1;
        t->syms = (const Elf64_Sym *)(t->img + sh.sh_offset);
        t->n = sh.sh_size / sizeof(Elf64_Sym);
        t->strs = (const char *)(t->img + st.sh_offset);
        t->strs_len = st.sh_size;
        return 0;
    }
    return -1;
}

/* The name of symbol k, or NULL if it is not a usable, terminated name. */
static const char *sym_name(const struct symtab *t, size_t k, Elf64_Sym *out)
{
    memcpy(out, &t->syms[k], sizeof *out);
    unsigned type = ELF64_ST_TYPE(out->st_info);
    if (out->st_name == 0 || out->st_name >= t->strs_len || out->st_shndx == SHN_UNDEF ||
        type == STT_SECTION || type == STT_FILE)
        return NULL;
    const char *n = t->strs + out->st_name;
    if (!memchr(n, 0, t->strs_len - out->st_name))
        return NULL;
    return n;
}

int con_sym_addr(struct rev_session *s, const char *name, size_t len, uint64_t *addr)
{
    struct symtab t;
    if (load(s, &t) != 0)
        return -1;
    for (size_t k = 0; k < t.n; k++) {
        Elf64_Sym sym;
        const char *n = sym_name(&t, k, &sym);
        if (n && strlen(n) == len && memcmp(n, name, len) == 0) {
            *addr = sym.st_value;
            return 0;
        }
    }
    return -1;
}

int con_sym_name(struct rev_session *s, uint64_t addr, char *buf, size_t size)
{
    struct symtab t;
    if (load(s, &t) != 0)
        return -1;
    const char *best = NULL;
    uint64_t best_at = 0;
    for (size_t k = 0; k < t.n; k++) {
        Elf64_Sym sym;
        const char *n = sym_name(&t, k, &sym);
        if (!n || sym.st_value > addr || strncmp(n, ".L", 2) == 0)
            continue;
        if (!best || sym.st_value > best_at) {
            best = n;
            best_at = sym.st_value;
        }
    }
    if (!best)
        return -1;
    if (addr == best_at)
        snprintf(buf, size, "%s", best);
    else
        snprintf(buf, size, "%s+0x%llx", best, (unsigned long long)(addr - best_at));
    return 0;
}
