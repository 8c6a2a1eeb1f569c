/*
 * machine_virt_boot.c — the virt machine plays the boot loader
 * (docs/e2k-system-mode.md §8.6, docs/virt-machine.md §7.1, §7.2): checks
 * the kernel image against the memory map, copies its segments into RAM,
 * puts the CPU into the boot state and enters the kernel as "system call
 * 12", and writes the boot info page.
 */
#include "emu/machine_virt_internal.h"

#include <string.h>

#include "emu/cpu_sys.h"
#include "emu/machine.h"

static int ram_contains(const struct virt *v, uint64_t a, uint64_t len)
{
    if (a + len < a)
        return 0;
    if (a + len <= v->ram_low)
        return 1;
    return v->ram_high && a >= VIRT_RAM_HIGH_BASE &&
           a + len <= VIRT_RAM_HIGH_BASE + v->ram_high;
}

int virt_elf_isa(const uint8_t *elf, size_t len, struct virt_err *err)
{
    struct lnx_elf_plan plan;
    struct lnx_err le = {0};
    if (lnx_elf_parse(elf, len, &plan, &le))
        return virt_fail(err, VIRT_E_FORMAT, "%s", le.msg);
    return plan.isa;
}

/* Check the plan against the memory map; fill the layout facts. */
int virt_plan_kernel(struct virt *v, struct virt_err *err)
{
    const struct lnx_elf_plan *p = &v->plan;
    if (p->type != 2 /* ET_EXEC */)
        return virt_fail(err, VIRT_E_FORMAT,
                    "the kernel must be a static ET_EXEC image at its "
                    "physical addresses");
    if (p->entry & 0xfff)
        return virt_fail(err, VIRT_E_FORMAT,
                    "the entry point 0x%llx (the trap table, OSCUD.base) "
                    "is not 4 KiB aligned", (unsigned long long)p->entry);
    int have_text = 0;
    v->kernel_end = 0;
    v->data_base = v->data_size = 0;
    for (unsigned i = 0; i < p->n_segs; i++) {
        const struct lnx_elf_seg *s = &p->segs[i];
        if (!ram_contains(v, s->vaddr, s->memsz))
            return virt_fail(err, VIRT_E_RANGE,
                        "segment 0x%llx..0x%llx is outside the %llu MiB "
                        "of RAM", (unsigned long long)s->vaddr,
                        (unsigned long long)(s->vaddr + s->memsz),
                        (unsigned long long)((v->ram_low + v->ram_high) >> 20));
        if (s->vaddr < VIRT_KERNEL_MIN ||
            (s->vaddr < VIRT_BOOT_RESERVED_END &&
             s->vaddr + s->memsz > VIRT_PSP_BASE))
            return virt_fail(err, VIRT_E_RANGE,
                        "segment 0x%llx..0x%llx overlaps the boot area "
                        "(0..0x%llx and 0x%llx..0x%llx are reserved)",
                        (unsigned long long)s->vaddr,
                        (unsigned long long)(s->vaddr + s->memsz),
                        (unsigned long long)VIRT_KERNEL_MIN,
                        (unsigned long long)VIRT_PSP_BASE,
                        (unsigned long long)VIRT_BOOT_RESERVED_END);
        if (s->vaddr + s->memsz > v->kernel_end)
            v->kernel_end = s->vaddr + s->memsz;
        if ((s->prot & MEM_PROT_X) && p->entry >= s->vaddr &&
            p->entry < s->vaddr + s->memsz) {
            have_text = 1;
            v->text_size = s->vaddr + s->memsz - p->entry;
        } else if ((s->prot & MEM_PROT_W) && !v->data_size) {
            v->data_base = s->vaddr & ~0xfffull;
            v->data_size = s->vaddr + s->memsz - v->data_base;
        }
    }
    if (!have_text)
        return virt_fail(err, VIRT_E_FORMAT,
                    "the entry point is not in an executable segment");
    if (v->text_size <= (uint64_t)VIRT_BOOT_ENTRY * CPU_TRAP_ENTRY_SIZE)
        return virt_fail(err, VIRT_E_FORMAT,
                    "the kernel text ends before trap-table entry %d "
                    "(entry + 0x%x), where the machine starts it",
                    VIRT_BOOT_ENTRY, VIRT_BOOT_ENTRY * CPU_TRAP_ENTRY_SIZE);
    return 0;
}

void virt_load_segments(struct machine *m, struct virt *v)
{
    static const uint8_t zeros[4096];
    for (unsigned i = 0; i < v->plan.n_segs; i++) {
        const struct lnx_elf_seg *s = &v->plan.segs[i];
        if (s->filesz)
            mem_poke(m->mem, s->vaddr, v->kernel + s->offset, s->filesz);
        for (uint64_t a = s->vaddr + s->filesz; a < s->vaddr + s->memsz;) {
            uint64_t n = s->vaddr + s->memsz - a;
            if (n > sizeof zeros)
                n = sizeof zeros;
            mem_poke(m->mem, a, zeros, n);
            a += n;
        }
    }
}

/* CPU state of §8.6 and the jumpstart through entry 12. */
void virt_boot_cpu(struct machine *m, struct virt *v)
{
    struct cpu_state *c = &m->cpu;
    uint64_t entry = v->plan.entry;
    uint64_t icount = c->icount; /* time goes on across a system reset */
    cpu_reset(c, m->isa);
    c->icount = icount;
    c->user_mode = 0;
    c->psr = CPU_PSR_RESET;
    c->upsr = CPU_UPSR_RESET;
    c->oscud_lo = entry | CPU_DESC_R | CPU_DESC_C;
    c->oscud_hi = v->text_size << 32;
    c->cud_lo = c->oscud_lo;
    c->cud_hi = c->oscud_hi;
    if (v->data_size) {
        c->osgd_lo = v->data_base | CPU_DESC_RW;
        c->osgd_hi = v->data_size << 32;
        c->gd_lo = c->osgd_lo;
        c->gd_hi = c->osgd_hi;
    }
    c->psp_lo = VIRT_PSP_BASE | CPU_DESC_RW;
    c->psp_hi = VIRT_PSP_SIZE << 32;
    c->pcsp_lo = VIRT_PCSP_BASE | CPU_DESC_RW;
    c->pcsp_hi = VIRT_PCSP_SIZE << 32;
    c->ps_tag_base = 0; /* D15: spilled registers lose their tags */
    c->sbr = VIRT_STACK_TOP;
    c->usd_lo = VIRT_STACK_TOP | CPU_DESC_RW;
    c->usd_hi = (VIRT_STACK_TOP - VIRT_STACK_LO) << 32;
    c->mmu_trap_point = VIRT_TRAP_CELLAR;
    c->sys_exit_ip = VIRT_EXIT_IP;
    c->io = virt_io;
    c->io_opaque = m;
    /* "System call 12": the caller's window holds the arguments n = 0 and
     * the boot info; a call with wbs = 0 hands the whole window over. */
    c->wd_size = 8;
    c->wd_psize = 0;
    c->rf[0].lo = 0;
    c->rf[1].lo = VIRT_BOOTINFO;
    cpu_proc_call(c, entry + VIRT_BOOT_ENTRY * CPU_TRAP_ENTRY_SIZE, 0,
                  VIRT_EXIT_IP);
    c->psr = CPU_PSR_TRAP;
    v->next_poll = 0;
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* The boot info page (layout in docs/virt-machine.md §7.2). */
void virt_write_bootinfo(struct machine *m, struct virt *v)
{
    uint8_t b[4096];
    memset(b, 0, sizeof b);
    struct virt_dev_desc devs[VIRT_MAX_DEVS];
    unsigned n = v->bops && v->bops->devices
                     ? v->bops->devices(v->board, devs, VIRT_MAX_DEVS)
                     : 0;
    memcpy(b, VIRT_BOOTINFO_MAGIC, 8);
    put32(b + 0x08, VIRT_BOOTINFO_VERSION);
    put64(b + 0x10, VIRT_RAM_BASE);
    put64(b + 0x18, v->ram_low);
    put64(b + 0x20, v->ram_high ? VIRT_RAM_HIGH_BASE : 0);
    put64(b + 0x28, v->ram_high);
    put64(b + 0x30, v->plan.entry);
    put64(b + 0x38, v->kernel_end);
    put32(b + 0x40, n);
    put32(b + 0x44, v->cfg.clock);
    uint8_t *d = b + 0x48;
    for (unsigned i = 0; i < n; i++, d += 40) {
        memcpy(d, devs[i].name, 16);
        put64(d + 16, devs[i].base);
        put64(d + 24, devs[i].size);
        put32(d + 32, devs[i].irq);
        put32(d + 36, devs[i].id);
    }
    /* The command line (not NUL-terminated; what fits in the page). */
    size_t cl = v->cmdline ? strlen(v->cmdline) : 0;
    size_t room = sizeof b - (size_t)(d + 4 - b);
    if (cl > room)
        cl = room;
    put32(d, (uint32_t)cl);
    if (cl)
        memcpy(d + 4, v->cmdline, cl);
    d += cl;
    put32(b + 0x0c, (uint32_t)(d + 4 - b));
    mem_poke(m->mem, VIRT_BOOTINFO, b, (size_t)(d + 4 - b));
}
