/*
 * objdump_elf.c — bounds-checked ELF64 reader for e2k-objdump.
 *
 * Fields are read byte-wise as little-endian at their gABI offsets (the
 * offsetof()s of <elf.h>'s Elf64_* structs), so neither host endianness nor
 * alignment of the image matters. Every (offset, length) pair is checked
 * with in_image() before it is touched, strings must end inside their
 * string table, and counts are capped, so any byte sequence gives either a
 * valid view or an error message.
 */
#include "tools/objdump/objdump_elf.h"

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/elf_e2k.h"
#include "emu/isa.h"

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

#define FIELD(base, type, member) \
    le((base) + offsetof(type, member), sizeof(((type *)0)->member))

static int in_image(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

static int fail(char *err, size_t errsz, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errsz, int code, const char *fmt, ...)
{
    if (err && errsz) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errsz, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* A NUL-terminated string at table[idx], or NULL. */
static const char *str_at(const uint8_t *img, size_t size, uint64_t tab_off,
                          uint64_t tab_size, uint64_t idx)
{
    if (!in_image(size, tab_off, tab_size) || idx >= tab_size)
        return NULL;
    const uint8_t *s = img + tab_off + idx;
    if (!memchr(s, 0, (size_t)(tab_size - idx)))
        return NULL;
    return (const char *)s;
}

struct shdr {
    uint32_t name, type, link;
    uint64_t flags, addr, offset, size, entsize;
};

static void read_shdr(const uint8_t *p, struct shdr *s)
{
    s->name = (uint32_t)FIELD(p, Elf64_Shdr, sh_name);
    s->type = (uint32_t)FIELD(p, Elf64_Shdr, sh_type);
    s->flags = FIELD(p, Elf64_Shdr, sh_flags);
    s->addr = FIELD(p, Elf64_Shdr, sh_addr);
    s->offset = FIELD(p, Elf64_Shdr, sh_offset);
    s->size = FIELD(p, Elf64_Shdr, sh_size);
    s->link = (uint32_t)FIELD(p, Elf64_Shdr, sh_link);
    s->entsize = FIELD(p, Elf64_Shdr, sh_entsize);
}

static int cmp_sym(const void *a, const void *b)
{
    const struct objdump_sym *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    /* Stable by address in the image: deterministic output. */
    return x->name < y->name ? -1 : x->name > y->name;
}

static int load_symbols(struct objdump_elf *e, const struct shdr *sh,
                        unsigned shnum, unsigned symtab, char *err,
                        size_t errsz)
{
    const struct shdr *st = &sh[symtab];
    if (st->entsize < sizeof(Elf64_Sym))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "symbol table entry size %llu too small",
                    (unsigned long long)st->entsize);
    if (!in_image(e->img_size, st->offset, st->size))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "symbol table outside the file");
    uint64_t n = st->size / st->entsize;
    if (n > OBJDUMP_ELF_MAX_SYMBOLS)
        return fail(err, errsz, OBJDUMP_ELF_EBAD, "too many symbols (%llu)",
                    (unsigned long long)n);
    if (st->link >= shnum || sh[st->link].type != SHT_STRTAB)
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "symbol table without a string table");
    const struct shdr *strs = &sh[st->link];
    if (!in_image(e->img_size, strs->offset, strs->size))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "symbol string table outside the file");
    if (n == 0)
        return 0;
    e->syms = calloc((size_t)n, sizeof *e->syms);
    if (!e->syms)
        return fail(err, errsz, OBJDUMP_ELF_ENOMEM, "out of memory");
    for (uint64_t i = 1; i < n; i++) {
        const uint8_t *p = e->img + st->offset + i * st->entsize;
        unsigned info = (unsigned)FIELD(p, Elf64_Sym, st_info);
        unsigned type = ELF64_ST_TYPE(info);
        if (type == STT_SECTION || type == STT_FILE)
            continue;
        const char *name = str_at(e->img, e->img_size, strs->offset,
                                  strs->size, FIELD(p, Elf64_Sym, st_name));
        if (!name || !*name)
            continue;
        struct objdump_sym *s = &e->syms[e->n_syms++];
        s->name = name;
        s->value = FIELD(p, Elf64_Sym, st_value);
        s->size = FIELD(p, Elf64_Sym, st_size);
        s->shndx = (unsigned)FIELD(p, Elf64_Sym, st_shndx);
        s->type = (uint8_t)type;
        s->bind = (uint8_t)ELF64_ST_BIND(info);
    }
    qsort(e->syms, e->n_syms, sizeof *e->syms, cmp_sym);
    return 0;
}

static int load_sections(struct objdump_elf *e, uint64_t shoff,
                         unsigned shentsize, unsigned shnum, unsigned shstrndx,
                         char *err, size_t errsz)
{
    const uint8_t *img = e->img;
    size_t size = e->img_size;
    if (shentsize < sizeof(Elf64_Shdr))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "section header size %u too small", shentsize);
    /* Extended numbering (gABI): counts live in section header 0. */
    if (!in_image(size, shoff, shentsize))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "section headers outside the file");
    struct shdr s0;
    read_shdr(img + shoff, &s0);
    uint64_t n = shnum ? shnum : s0.size;
    uint64_t strndx = shstrndx == SHN_XINDEX ? s0.link : shstrndx;
    if (n == 0 || n > OBJDUMP_ELF_MAX_SECTIONS)
        return fail(err, errsz, OBJDUMP_ELF_EBAD, "bad section count %llu",
                    (unsigned long long)n);
    if (!in_image(size, shoff, n * shentsize))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "section headers outside the file");
    struct shdr *sh = calloc((size_t)n, sizeof *sh);
    e->secs = calloc((size_t)n, sizeof *e->secs);
    if (!sh || !e->secs) {
        free(sh);
        return fail(err, errsz, OBJDUMP_ELF_ENOMEM, "out of memory");
    }
    for (uint64_t i = 0; i < n; i++)
        read_shdr(img + shoff + i * shentsize, &sh[i]);
    int have_names = strndx != SHN_UNDEF && strndx < n &&
                     in_image(size, sh[strndx].offset, sh[strndx].size);
    int rc = 0;
    unsigned symtab = 0;
    for (uint64_t i = 0; i < n; i++) {
        struct objdump_sec *sec = &e->secs[e->n_secs++];
        const char *name = NULL;
        if (have_names)
            name = str_at(img, size, sh[strndx].offset, sh[strndx].size,
                          sh[i].name);
        sec->name = name ? name : "<bad name>";
        sec->addr = sh[i].addr;
        sec->type = sh[i].type;
        sec->flags = sh[i].flags;
        sec->index = (unsigned)i;
        if (sh[i].type != SHT_NOBITS && sh[i].type != SHT_NULL &&
            sh[i].size) {
            if (!in_image(size, sh[i].offset, sh[i].size)) {
                rc = fail(err, errsz, OBJDUMP_ELF_EBAD,
                          "section %llu (%s) data outside the file",
                          (unsigned long long)i, sec->name);
                break;
            }
            sec->data = img + sh[i].offset;
            sec->size = sh[i].size;
        }
        if (sh[i].type == SHT_SYMTAB && !symtab)
            symtab = (unsigned)i;
    }
    if (rc == 0 && symtab)
        rc = load_symbols(e, sh, (unsigned)n, symtab, err, errsz);
    free(sh);
    return rc;
}

/* No section headers: show the loadable segments instead. */
static int load_segments(struct objdump_elf *e, uint64_t phoff,
                         unsigned phentsize, unsigned phnum, char *err,
                         size_t errsz)
{
    if (phnum == 0)
        return 0;
    if (phentsize < sizeof(Elf64_Phdr) ||
        !in_image(e->img_size, phoff, (uint64_t)phnum * phentsize))
        return fail(err, errsz, OBJDUMP_ELF_EBAD,
                    "program headers outside the file");
    e->secs = calloc(phnum, sizeof *e->secs);
    if (!e->secs)
        return fail(err, errsz, OBJDUMP_ELF_ENOMEM, "out of memory");
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *p = e->img + phoff + (uint64_t)i * phentsize;
        if (FIELD(p, Elf64_Phdr, p_type) != PT_LOAD)
            continue;
        uint64_t off = FIELD(p, Elf64_Phdr, p_offset);
        uint64_t filesz = FIELD(p, Elf64_Phdr, p_filesz);
        if (!in_image(e->img_size, off, filesz))
            return fail(err, errsz, OBJDUMP_ELF_EBAD,
                        "segment %u outside the file", i);
        struct objdump_sec *s = &e->secs[e->n_secs++];
        s->name = "LOAD";
        s->addr = FIELD(p, Elf64_Phdr, p_vaddr);
        s->type = SHT_PROGBITS;
        s->flags = SHF_ALLOC;
        if (FIELD(p, Elf64_Phdr, p_flags) & PF_X)
            s->flags |= SHF_EXECINSTR;
        s->data = filesz ? e->img + off : NULL;
        s->size = filesz;
    }
    return 0;
}

int objdump_elf_open(struct objdump_elf *e, const uint8_t *img, size_t size,
                     char *err, size_t errsz)
{
    memset(e, 0, sizeof *e);
    if (err && errsz)
        err[0] = 0;
    if (!img || size < sizeof(Elf64_Ehdr) ||
        memcmp(img, ELFMAG, SELFMAG) != 0)
        return fail(err, errsz, OBJDUMP_ELF_ENOTELF, "not an ELF file");
    if (img[EI_CLASS] != ELFCLASS64)
        return fail(err, errsz, OBJDUMP_ELF_ECLASS,
                    "not ELF64 (only 64-bit e2k files are supported)");
    if (img[EI_DATA] != ELFDATA2LSB || img[EI_VERSION] != EV_CURRENT)
        return fail(err, errsz, OBJDUMP_ELF_ECLASS,
                    "not a little-endian ELF version 1 file");
    e->img = img;
    e->img_size = size;
    e->type = (unsigned)FIELD(img, Elf64_Ehdr, e_type);
    e->machine = (unsigned)FIELD(img, Elf64_Ehdr, e_machine);
    e->flags = (uint32_t)FIELD(img, Elf64_Ehdr, e_flags);
    e->entry = FIELD(img, Elf64_Ehdr, e_entry);
    if (e->machine != E2K_EM_MCST_ELBRUS && e->machine != E2K_EM_E2K_OLD) {
        int m = (int)e->machine;
        memset(e, 0, sizeof *e);
        return fail(err, errsz, OBJDUMP_ELF_EMACHINE,
                    "not an e2k file (e_machine %d, want %d or %d)", m,
                    E2K_EM_MCST_ELBRUS, E2K_EM_E2K_OLD);
    }
    uint64_t shoff = FIELD(img, Elf64_Ehdr, e_shoff);
    uint64_t phoff = FIELD(img, Elf64_Ehdr, e_phoff);
    unsigned shentsize = (unsigned)FIELD(img, Elf64_Ehdr, e_shentsize);
    unsigned shnum = (unsigned)FIELD(img, Elf64_Ehdr, e_shnum);
    unsigned shstrndx = (unsigned)FIELD(img, Elf64_Ehdr, e_shstrndx);
    unsigned phentsize = (unsigned)FIELD(img, Elf64_Ehdr, e_phentsize);
    unsigned phnum = (unsigned)FIELD(img, Elf64_Ehdr, e_phnum);
    int rc;
    if (shoff != 0)
        rc = load_sections(e, shoff, shentsize, shnum, shstrndx, err, errsz);
    else
        rc = load_segments(e, phoff, phentsize, phnum, err, errsz);
    if (rc < 0) {
        objdump_elf_close(e);
        return rc;
    }
    return 0;
}

void objdump_elf_close(struct objdump_elf *e)
{
    if (!e)
        return;
    free(e->secs);
    free(e->syms);
    memset(e, 0, sizeof *e);
}

int objdump_elf_isa(const struct objdump_elf *e)
{
    int v = e2k_elf_mach_isa(E2K_EF_MACH(e->flags));
    return (v >= ISA_VERSION_MIN && v <= ISA_VERSION_MAX) ? v : 0;
}

static int labels_code(const struct objdump_sym *s)
{
    return s->type == STT_FUNC || s->type == STT_NOTYPE ||
           s->type == STT_OBJECT;
}

/* Rank for choosing among symbols at one address: functions, then global. */
static int rank(const struct objdump_sym *s)
{
    return (s->type == STT_FUNC ? 4 : 0) + (s->bind != STB_LOCAL ? 2 : 0) +
           (s->type != STT_OBJECT ? 1 : 0);
}

/* First symbol with value >= addr. */
static unsigned lower_bound(const struct objdump_elf *e, uint64_t addr)
{
    unsigned lo = 0, hi = e->n_syms;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (e->syms[mid].value < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int sym_in(const struct objdump_sym *s, unsigned shndx)
{
    return shndx == 0 || s->shndx == shndx;
}

const struct objdump_sym *objdump_elf_label(const struct objdump_elf *e,
                                            uint64_t addr, unsigned shndx)
{
    const struct objdump_sym *best = NULL;
    for (unsigned i = lower_bound(e, addr);
         i < e->n_syms && e->syms[i].value == addr; i++) {
        const struct objdump_sym *s = &e->syms[i];
        if (!labels_code(s) || !sym_in(s, shndx))
            continue;
        if (!best || rank(s) > rank(best))
            best = s;
    }
    return best;
}

uint64_t objdump_elf_next_label(const struct objdump_elf *e, uint64_t addr,
                                unsigned shndx)
{
    if (addr == UINT64_MAX)
        return UINT64_MAX;
    for (unsigned i = lower_bound(e, addr + 1); i < e->n_syms; i++)
        if (labels_code(&e->syms[i]) && sym_in(&e->syms[i], shndx))
            return e->syms[i].value;
    return UINT64_MAX;
}

static const struct objdump_sec *sec_of(const struct objdump_elf *e,
                                        unsigned shndx)
{
    for (unsigned i = 0; i < e->n_secs; i++)
        if (e->secs[i].index == shndx && e->secs[i].type != SHT_NULL)
            return &e->secs[i];
    return NULL;
}

int objdump_elf_symbolize(const struct objdump_elf *e, uint64_t addr,
                          unsigned shndx, char *buf, size_t size)
{
    unsigned i = lower_bound(e, addr + 1); /* first with value > addr */
    const struct objdump_sym *best = NULL;
    while (i-- > 0) {
        const struct objdump_sym *s = &e->syms[i];
        if (best && s->value != best->value)
            break;
        if (!labels_code(s) || !sym_in(s, shndx))
            continue;
        if (s->shndx != SHN_UNDEF && s->shndx < SHN_LORESERVE) {
            const struct objdump_sec *sec = sec_of(e, s->shndx);
            if (!sec || addr < sec->addr || addr - sec->addr >= sec->size)
                continue;
        } else if (s->shndx != SHN_ABS) {
            continue;
        }
        if (!best || rank(s) > rank(best))
            best = s;
    }
    if (!best)
        return -1;
    if (addr == best->value)
        snprintf(buf, size, "%s", best->name);
    else
        snprintf(buf, size, "%s+0x%llx", best->name,
                 (unsigned long long)(addr - best->value));
    return 0;
}
