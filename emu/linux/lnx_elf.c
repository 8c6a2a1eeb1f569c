/*
 * lnx_elf.c — ELF64 e2k executable -> load plan (lnx_elf.h).
 *
 * Every field is read through bounds-checked little-endian accessors from
 * the caller's buffer; every sum that could overflow is checked before it
 * is formed. This parses outside input: a malformed file is an error
 * message, never a crash or an out-of-bounds read (tests/fuzz/
 * fuzz_elf_loader.c). Facts: docs/linux-user.md §1; ELF64 layout from the
 * System V gABI (Elf64_Ehdr 64 bytes, Elf64_Phdr 56 bytes).
 */
#include "emu/linux/lnx_elf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "emu/elf_e2k.h"
#include "emu/mem.h"

/* Elf64_Ehdr field offsets (gABI). */
#define EH_SIZE 64
#define EH_TYPE 16
#define EH_MACHINE 18
#define EH_VERSION 20
#define EH_ENTRY 24
#define EH_PHOFF 32
#define EH_FLAGS 48
#define EH_PHENTSIZE 54
#define EH_PHNUM 56
/* Elf64_Phdr field offsets. */
#define PH_SIZE 56
#define PH_TYPE 0
#define PH_FLAGS 4
#define PH_OFFSET 8
#define PH_VADDR 16
#define PH_FILESZ 32
#define PH_MEMSZ 40

static int fail(struct lnx_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static unsigned prot_of(uint32_t p_flags)
{
    unsigned prot = 0;
    if (p_flags & PF_R)
        prot |= MEM_PROT_R;
    if (p_flags & PF_W)
        prot |= MEM_PROT_W;
    if (p_flags & PF_X)
        prot |= MEM_PROT_X;
    return prot;
}

/* Header checks shared with lnx_elf_isa(). */
static int check_header(const uint8_t *buf, size_t len, struct lnx_err *err)
{
    if (!buf || len < EH_SIZE)
        return fail(err, LNX_E_FORMAT, "file too short for an ELF header "
                    "(%zu bytes)", len);
    if (memcmp(buf, ELFMAG, SELFMAG) != 0)
        return fail(err, LNX_E_FORMAT, "not an ELF file (bad magic)");
    if (buf[EI_CLASS] != ELFCLASS64)
        return fail(err, LNX_E_FORMAT, "not a 64-bit ELF file (EI_CLASS %u)",
                    buf[EI_CLASS]);
    if (buf[EI_DATA] != ELFDATA2LSB)
        return fail(err, LNX_E_FORMAT, "not a little-endian ELF file "
                    "(EI_DATA %u)", buf[EI_DATA]);
    if (buf[EI_VERSION] != EV_CURRENT || rd32(buf + EH_VERSION) != EV_CURRENT)
        return fail(err, LNX_E_FORMAT, "unknown ELF version");
    uint16_t mach = rd16(buf + EH_MACHINE);
    if (mach != E2K_EM_MCST_ELBRUS && mach != E2K_EM_E2K_OLD)
        return fail(err, LNX_E_MACHINE, "not an e2k executable (e_machine %u, "
                    "expected %u)", mach, E2K_EM_MCST_ELBRUS);
    uint32_t flags = rd32(buf + EH_FLAGS);
    if (flags & E2K_EF_PM)
        return fail(err, LNX_E_UNSUPPORTED, "protected-mode executable "
                    "(e_flags 0x%x bit 5) is not supported", flags);
    if (flags & E2K_EF_X86APP)
        return fail(err, LNX_E_UNSUPPORTED, "x86 application for the binary "
                    "compiler (e_flags 0x%x bit 2) is not supported", flags);
    return 0;
}

int lnx_elf_isa(const uint8_t *elf, size_t len, struct lnx_err *err)
{
    int rc = check_header(elf, len, err);
    if (rc)
        return rc;
    return e2k_elf_mach_isa(E2K_EF_MACH(rd32(elf + EH_FLAGS)));
}

/* Does [a, a+n) lie inside a segment's file image? Then its address. */
static uint64_t file_to_addr(const struct lnx_elf_plan *p, uint64_t off,
                             uint64_t n)
{
    for (unsigned i = 0; i < p->n_segs; i++) {
        const struct lnx_elf_seg *s = &p->segs[i];
        if (off >= s->offset && n <= s->filesz &&
            off - s->offset <= s->filesz - n)
            return s->vaddr + (off - s->offset);
    }
    return 0;
}

int lnx_elf_parse(const uint8_t *buf, size_t len, struct lnx_elf_plan *plan,
                  struct lnx_err *err)
{
    int rc = check_header(buf, len, err);
    if (rc)
        return rc;
    struct lnx_elf_plan p;
    memset(&p, 0, sizeof p);
    p.type = rd16(buf + EH_TYPE);
    p.machine = rd16(buf + EH_MACHINE);
    p.flags = rd32(buf + EH_FLAGS);
    p.isa = e2k_elf_mach_isa(E2K_EF_MACH(p.flags));
    if (p.type == ET_EXEC)
        p.bias = 0;
    else if (p.type == ET_DYN)
        p.bias = LNX_PIE_BASE;
    else
        return fail(err, LNX_E_UNSUPPORTED, "not an executable (e_type %u)",
                    p.type);

    uint64_t phoff = rd64(buf + EH_PHOFF);
    uint16_t phentsize = rd16(buf + EH_PHENTSIZE);
    uint16_t phnum = rd16(buf + EH_PHNUM);
    if (phnum == 0)
        return fail(err, LNX_E_FORMAT, "no program headers");
    if (phentsize != PH_SIZE)
        return fail(err, LNX_E_FORMAT, "e_phentsize %u, expected %u",
                    phentsize, PH_SIZE);
    if (phnum > LNX_ELF_MAX_PHNUM)
        return fail(err, LNX_E_FORMAT, "too many program headers (%u)", phnum);
    if (phoff > len || (uint64_t)phnum * PH_SIZE > len - phoff)
        return fail(err, LNX_E_FORMAT, "program headers at file offset "
                    "0x%llx run past the end of the file (%zu bytes)",
                    (unsigned long long)phoff, len);

    uint64_t total = 0;
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = buf + phoff + (uint64_t)i * PH_SIZE;
        uint32_t type = rd32(ph + PH_TYPE);
        if (type == PT_INTERP || type == PT_DYNAMIC) {
            if (type == PT_INTERP)
                return fail(err, LNX_E_UNSUPPORTED, "dynamically linked "
                            "executable (PT_INTERP): only static programs "
                            "are supported");
            if (p.type == ET_EXEC)
                return fail(err, LNX_E_UNSUPPORTED, "dynamically linked "
                            "executable (PT_DYNAMIC in ET_EXEC)");
            continue;
        }
        if (type != PT_LOAD)
            continue;
        uint64_t off = rd64(ph + PH_OFFSET);
        uint64_t vaddr = rd64(ph + PH_VADDR);
        uint64_t filesz = rd64(ph + PH_FILESZ);
        uint64_t memsz = rd64(ph + PH_MEMSZ);
        if (memsz == 0)
            continue;
        if (p.n_segs == LNX_ELF_MAX_SEGS)
            return fail(err, LNX_E_FORMAT, "more than %u PT_LOAD segments",
                        LNX_ELF_MAX_SEGS);
        if (filesz > memsz)
            return fail(err, LNX_E_FORMAT, "segment %u: p_filesz 0x%llx > "
                        "p_memsz 0x%llx", i, (unsigned long long)filesz,
                        (unsigned long long)memsz);
        /* A segment with no file bytes (.bss only) may have any offset:
         * linkers place it past the end of the file. */
        if (filesz > 0 && (off > len || filesz > len - off))
            return fail(err, LNX_E_FORMAT, "segment %u: file bytes "
                        "[0x%llx, +0x%llx) run past the end of the file "
                        "(%zu bytes)", i, (unsigned long long)off,
                        (unsigned long long)filesz, len);
        if (vaddr > LNX_ELF_MAX_ADDR - p.bias)
            return fail(err, LNX_E_RANGE, "segment %u: p_vaddr 0x%llx is "
                        "outside the user image area", i,
                        (unsigned long long)vaddr);
        uint64_t start = vaddr + p.bias;
        if (start < LNX_ELF_MIN_ADDR)
            return fail(err, LNX_E_RANGE, "segment %u maps address 0x%llx "
                        "(page 0 must stay unmapped)", i,
                        (unsigned long long)start);
        if (memsz > LNX_ELF_MAX_ADDR - start)
            return fail(err, LNX_E_RANGE, "segment %u: [0x%llx, +0x%llx) "
                        "ends beyond the user image area (0x%llx)", i,
                        (unsigned long long)start, (unsigned long long)memsz,
                        (unsigned long long)LNX_ELF_MAX_ADDR);
        total += memsz; /* each term < 2^44, at most 16 terms: no overflow */
        if (total > LNX_ELF_MAX_IMAGE)
            return fail(err, LNX_E_RANGE, "segments total more than %llu "
                        "bytes", (unsigned long long)LNX_ELF_MAX_IMAGE);
        struct lnx_elf_seg *s = &p.segs[p.n_segs++];
        s->vaddr = start;
        s->memsz = memsz;
        s->offset = off;
        s->filesz = filesz;
        s->prot = prot_of(rd32(ph + PH_FLAGS));
        if (start + memsz > p.image_end)
            p.image_end = start + memsz;
    }
    if (p.n_segs == 0)
        return fail(err, LNX_E_FORMAT, "no PT_LOAD segment");

    uint64_t entry = rd64(buf + EH_ENTRY);
    if (entry > LNX_ELF_MAX_ADDR - p.bias)
        return fail(err, LNX_E_RANGE, "entry point 0x%llx outside the image",
                    (unsigned long long)entry);
    p.entry = entry + p.bias;
    int inside = 0;
    for (unsigned i = 0; i < p.n_segs; i++)
        if (p.entry >= p.segs[i].vaddr &&
            p.entry - p.segs[i].vaddr < p.segs[i].memsz &&
            (p.segs[i].prot & MEM_PROT_X))
            inside = 1;
    if (!inside)
        return fail(err, LNX_E_FORMAT, "entry point 0x%llx is not inside an "
                    "executable segment", (unsigned long long)p.entry);
    if (p.entry & 7)
        return fail(err, LNX_E_FORMAT, "entry point 0x%llx is not 8-byte "
                    "aligned (bundles are)", (unsigned long long)p.entry);
    p.phnum = phnum;
    p.phent = PH_SIZE;
    p.phdr = file_to_addr(&p, phoff, (uint64_t)phnum * PH_SIZE);
    *plan = p;
    return 0;
}
