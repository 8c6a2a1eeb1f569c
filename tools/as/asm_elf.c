/*
 * asm_elf.c — writes a linked image as a static ELF64 e2k executable
 * (asm.h: asm_elf_write).
 *
 * File layout: ELF header, program headers, .text and .rodata (the first
 * PT_LOAD, R+X, starting at file offset 0 so that the headers are mapped as
 * ld does), then .data on a page-aligned offset (second PT_LOAD, R+W, whose
 * memory size covers .bss), then .symtab, .strtab, .shstrtab and the section
 * headers so that objdump/readelf show sections and symbols.
 *
 * e_machine EM_MCST_ELBRUS (175), e_flags machine byte = ISA version
 * (e2k-isa.md §11.3, emu/elf_e2k.h).
 */
#include "tools/as/asm.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/elf_e2k.h"

#define PAGE 0x1000u

struct out {
    uint8_t *p;
    size_t len, cap;
    int bad;
};

static void put(struct out *o, const void *d, size_t n)
{
    if (o->bad)
        return;
    if (o->len + n > o->cap) {
        size_t nc = o->cap ? o->cap : 4096;
        while (nc < o->len + n)
            nc *= 2;
        uint8_t *np = realloc(o->p, nc);
        if (!np) {
            o->bad = 1;
            return;
        }
        o->p = np;
        o->cap = nc;
    }
    if (d)
        memcpy(o->p + o->len, d, n);
    else
        memset(o->p + o->len, 0, n);
    o->len += n;
}

static void pad_to(struct out *o, size_t off)
{
    if (o->len < off)
        put(o, NULL, off - o->len);
}

static uint32_t str_add(struct out *tab, const char *s)
{
    uint32_t at = (uint32_t)tab->len;
    put(tab, s, strlen(s) + 1);
    return at;
}

int asm_elf_write(const struct asm_image *img, const char *path)
{
    const struct asm_image_sect *t = &img->sect[ASM_SEC_TEXT];
    const struct asm_image_sect *r = &img->sect[ASM_SEC_RODATA];
    const struct asm_image_sect *d = &img->sect[ASM_SEC_DATA];
    const struct asm_image_sect *b = &img->sect[ASM_SEC_BSS];
    /* The headers precede .text in the first page(s): a page-aligned .text
     * (e.g. a 4 KiB-aligned trap table) starts a page after the base. */
    uint64_t base = (t->addr - 1) & ~(uint64_t)(PAGE - 1);
    struct out o = {0}, strtab = {0}, shstr = {0}, symtab = {0};

    int has_rw = d->size || b->size;
    Elf64_Ehdr eh;
    memset(&eh, 0, sizeof eh);
    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_ident[EI_OSABI] = ELFOSABI_NONE;
    eh.e_type = ET_EXEC;
    eh.e_machine = E2K_EM_MCST_ELBRUS;
    eh.e_version = EV_CURRENT;
    eh.e_entry = img->entry;
    eh.e_phoff = sizeof eh;
    eh.e_flags = E2K_EF_SET_MACH(img->isa);
    eh.e_ehsize = sizeof eh;
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = (Elf64_Half)(has_rw ? 2 : 1);
    eh.e_shentsize = sizeof(Elf64_Shdr);
    put(&o, &eh, sizeof eh);
    size_t ph_at = o.len;
    put(&o, NULL, 3 * sizeof(Elf64_Phdr)); /* room, as the linker assumed */

    /* R+X: headers, .text, .rodata at their addresses */
    uint64_t t_off = t->addr - base, r_off = r->addr - base;
    pad_to(&o, t_off);
    put(&o, t->data, t->size);
    pad_to(&o, r_off);
    put(&o, r->data, r->size);
    uint64_t rx_end = o.len;
    uint64_t d_off = (rx_end + PAGE - 1) & ~(uint64_t)(PAGE - 1);
    d_off += d->addr & (PAGE - 1);
    if (d->size) {
        pad_to(&o, d_off);
        put(&o, d->data, d->size);
    }

    Elf64_Phdr ph[2];
    memset(ph, 0, sizeof ph);
    ph[0].p_type = PT_LOAD;
    ph[0].p_flags = PF_R | PF_X;
    ph[0].p_offset = 0;
    ph[0].p_vaddr = ph[0].p_paddr = base;
    ph[0].p_filesz = ph[0].p_memsz = rx_end;
    ph[0].p_align = PAGE;
    if (has_rw) {
        uint64_t rw_addr = d->size ? d->addr : b->addr;
        uint64_t rw_end = b->size ? b->addr + b->size : d->addr + d->size;
        ph[1].p_type = PT_LOAD;
        ph[1].p_flags = PF_R | PF_W;
        ph[1].p_offset = d->size ? d_off : (rw_addr & (PAGE - 1)) + rx_end;
        if (!d->size)
            ph[1].p_offset = ((rx_end + PAGE - 1) & ~(uint64_t)(PAGE - 1)) +
                             (rw_addr & (PAGE - 1));
        ph[1].p_vaddr = ph[1].p_paddr = rw_addr;
        ph[1].p_filesz = d->size;
        ph[1].p_memsz = rw_end - rw_addr;
        ph[1].p_align = PAGE;
    }
    if (!o.bad)
        memcpy(o.p + ph_at, ph, sizeof ph);

    /* symbol table: null, section symbols, locals, globals */
    put(&strtab, "", 1);
    put(&shstr, "", 1);
    static const char *const k_names[ASM_SEC_COUNT] = {".text", ".rodata",
                                                       ".data", ".bss"};
    int shndx[ASM_SEC_COUNT];
    int nsh = 1;
    for (int g = 0; g < ASM_SEC_COUNT; g++)
        shndx[g] = (img->sect[g].size || g == ASM_SEC_TEXT) ? nsh++ : 0;
    int sh_symtab = nsh++, sh_strtab = nsh++, sh_shstr = nsh++;
    Elf64_Sym sym;
    memset(&sym, 0, sizeof sym);
    put(&symtab, &sym, sizeof sym);
    for (int g = 0; g < ASM_SEC_COUNT; g++) {
        if (!shndx[g])
            continue;
        memset(&sym, 0, sizeof sym);
        sym.st_info = ELF64_ST_INFO(STB_LOCAL, STT_SECTION);
        sym.st_shndx = (Elf64_Half)shndx[g];
        sym.st_value = img->sect[g].addr;
        put(&symtab, &sym, sizeof sym);
    }
    uint32_t first_global = (uint32_t)(symtab.len / sizeof sym);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < img->n_syms; i++) {
            const struct asm_image_sym *y = &img->syms[i];
            if (y->global != pass)
                continue;
            memset(&sym, 0, sizeof sym);
            sym.st_name = str_add(&strtab, y->name);
            sym.st_info =
                ELF64_ST_INFO(y->global ? STB_GLOBAL : STB_LOCAL, y->type);
            sym.st_shndx =
                (Elf64_Half)(y->sect >= 0 && shndx[y->sect] ? shndx[y->sect]
                                                            : SHN_ABS);
            sym.st_value = y->value;
            sym.st_size = y->size;
            put(&symtab, &sym, sizeof sym);
        }
        if (pass == 0)
            first_global = (uint32_t)(symtab.len / sizeof sym);
    }

    Elf64_Shdr sh[ASM_SEC_COUNT + 4];
    memset(sh, 0, sizeof sh);
    uint64_t offs[ASM_SEC_COUNT] = {t_off, r_off, d_off, d_off};
    for (int g = 0; g < ASM_SEC_COUNT; g++) {
        if (!shndx[g])
            continue;
        Elf64_Shdr *s = &sh[shndx[g]];
        s->sh_name = str_add(&shstr, k_names[g]);
        s->sh_type = g == ASM_SEC_BSS ? SHT_NOBITS : SHT_PROGBITS;
        s->sh_flags = SHF_ALLOC | (g == ASM_SEC_TEXT ? SHF_EXECINSTR : 0) |
                      (g >= ASM_SEC_DATA ? SHF_WRITE : 0);
        s->sh_addr = img->sect[g].addr;
        s->sh_offset = g == ASM_SEC_BSS
                           ? ph[1].p_offset + (b->addr - ph[1].p_vaddr)
                           : offs[g];
        s->sh_size = img->sect[g].size;
        s->sh_addralign = img->sect[g].align;
    }
    pad_to(&o, (o.len + 7) & ~(size_t)7);
    sh[sh_symtab].sh_name = str_add(&shstr, ".symtab");
    sh[sh_symtab].sh_type = SHT_SYMTAB;
    sh[sh_symtab].sh_offset = o.len;
    sh[sh_symtab].sh_size = symtab.len;
    sh[sh_symtab].sh_link = (Elf64_Word)sh_strtab;
    sh[sh_symtab].sh_info = first_global;
    sh[sh_symtab].sh_addralign = 8;
    sh[sh_symtab].sh_entsize = sizeof(Elf64_Sym);
    put(&o, symtab.p, symtab.len);
    sh[sh_strtab].sh_name = str_add(&shstr, ".strtab");
    sh[sh_strtab].sh_type = SHT_STRTAB;
    sh[sh_strtab].sh_offset = o.len;
    sh[sh_strtab].sh_size = strtab.len;
    sh[sh_strtab].sh_addralign = 1;
    put(&o, strtab.p, strtab.len);
    sh[sh_shstr].sh_name = str_add(&shstr, ".shstrtab");
    sh[sh_shstr].sh_type = SHT_STRTAB;
    sh[sh_shstr].sh_offset = o.len;
    sh[sh_shstr].sh_size = shstr.len;
    sh[sh_shstr].sh_addralign = 1;
    put(&o, shstr.p, shstr.len);
    pad_to(&o, (o.len + 7) & ~(size_t)7);
    uint64_t shoff = o.len;
    put(&o, sh, (size_t)nsh * sizeof sh[0]);
    if (!o.bad) {
        Elf64_Ehdr *e = (Elf64_Ehdr *)(void *)o.p;
        e->e_shoff = shoff;
        e->e_shnum = (Elf64_Half)nsh;
        e->e_shstrndx = (Elf64_Half)sh_shstr;
    }

    int rc = ASM_OK;
    if (o.bad || strtab.bad || shstr.bad || symtab.bad) {
        rc = ASM_E_NOMEM;
    } else {
        /* an executable: mode 0777 minus the umask, as ld creates it */
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0777);
        FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        if (!f && fd >= 0)
            close(fd);
        if (!f || fwrite(o.p, 1, o.len, f) != o.len)
            rc = ASM_E_IO;
        if (f && fclose(f) != 0)
            rc = ASM_E_IO;
    }
    free(o.p);
    free(strtab.p);
    free(shstr.p);
    free(symtab.p);
    return rc;
}
