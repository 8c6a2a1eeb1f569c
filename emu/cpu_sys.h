/*
 * cpu_sys.h — system mode of the CPU: privileged state, trap entry for
 * exceptions and interrupts, `done`, system calls into the trap table, TIR
 * and MMU-register access (docs/e2k-system-mode.md §8, the subset e2k-rr
 * implements; every deviation is listed there in §9 and in
 * docs/virt-machine.md).
 *
 * A CPU is in system mode when cpu_state.user_mode = 0 (machine kind
 * MACH_VIRT). Then privilege is PSR.pm alone, an exception does not stop
 * cpu_run: the CPU fills TIR0, pushes a chain frame as a `call` with the
 * whole window would (CTPRs kept), sets PSR = pm only and continues at
 * trap-table entry 0 (OSCUD.base). Only machine-level problems stop the run
 * (trap while the TIRs are frozen, a stack-bounds fault during trap entry,
 * MMU on, a fetch from cpu_state.sys_exit_ip): stop.reason is then
 * CPU_STOP_EXCEPTION with stop.msg saying which.
 *
 * Interrupts: the machine drives cpu_irq_set() from the interrupt
 * controller's output. The run loop takes exc_interrupt before the next
 * bundle when the line is up and PSR/UPSR allow it; everything that can
 * make a pending interrupt deliverable (the line rising during an MMIO
 * store, a PSR/UPSR write, `done`/`return`, a device event between runs)
 * ends the current block, so the check costs one byte test per run-loop
 * iteration and nothing inside chained code.
 *
 * The functions used by translated code (sem_*.c) are declared here too;
 * they take the op of the bundle for its address and bundle index.
 */
#ifndef E2K_EMU_CPU_SYS_H
#define E2K_EMU_CPU_SYS_H

#include <stdint.h>

#include "emu/cpu.h"

struct xlat_op;

/* PSR (state reg 0x00, §1.1) and UPSR (0x80, §1.2) bits. */
#define CPU_PSR_PM 0x01u
#define CPU_PSR_IE 0x02u
#define CPU_PSR_SGE 0x04u
#define CPU_PSR_LW 0x08u
#define CPU_PSR_UIE 0x10u
#define CPU_PSR_NMIE 0x20u
#define CPU_PSR_UNMIE 0x40u
#define CPU_PSR_MASK 0x7fu
#define CPU_UPSR_FE 0x01u
#define CPU_UPSR_IE 0x20u
#define CPU_UPSR_NMIE 0x80u
#define CPU_UPSR_MASK 0x7ffu

/* PSR after trap and system-call entry (§8.3 step 4, deviation D2). */
#define CPU_PSR_TRAP CPU_PSR_PM
/* Reset values in system mode (§6.1, §8.6). */
#define CPU_PSR_RESET CPU_PSR_PM
#define CPU_UPSR_RESET (CPU_UPSR_NMIE | CPU_UPSR_FE)

#define CPU_TIR_MAX 19               /* MAX_TIRs_NUM (§2.3) */
#define CPU_TRAP_ENTRY_SIZE 0x800u   /* trap-table entry N at base + N*0x800 */
#define CPU_DESC_BASE(lo) ((lo) & 0xffffffffffffull)
#define CPU_DESC_R (1ull << 59)      /* descriptor lo: read */
#define CPU_DESC_RW (3ull << 59)     /* descriptor lo: read/write */
#define CPU_DESC_C (1ull << 58)      /* descriptor lo: checked */

/* MMU registers (MAS 0x47 accesses at reg_no << 4, §6.2, §8.5). */
#define CPU_MAS_MMU_REG 0x47u
#define CPU_MMU_CR 0x00u
#define CPU_MMU_TRAP_POINT 0x50u
#define CPU_MMU_TRAP_COUNT 0x60u
#define CPU_MMU_CR_TLB_EN 0x1u
#define CPU_TRAP_CELLAR_MAX 64u      /* double-words */
#define CPU_TC_PAGE_MISS (1ull << 45) /* tc_cond_t fault_type page_miss */

/* ---- for machines ---- */

/* Drive the interrupt line (the PIC's output) to `level`. Safe to call
 * from inside cpu_run (device callbacks during MMIO): a line that becomes
 * deliverable makes the current block end after the current bundle. */
void cpu_irq_set(struct cpu_state *c, int level);
/* 1 if an interrupt is pending and PSR/UPSR let it in (§1.1). */
int cpu_irq_deliverable(const struct cpu_state *c);

/* Trap entry (§8.3): TIR0 = {mask, tir_ip}, chain frame returning to
 * resume_ip, PSR = CPU_PSR_TRAP, ip = OSCUD.base. 0, or -1 when the machine
 * must stop (TIRs frozen, double fault): stop.* is then set (exception
 * `exc_for_stop`, message). */
int cpu_sys_trap(struct cpu_state *c, uint64_t mask, uint64_t tir_ip,
                 uint64_t resume_ip, unsigned exc_for_stop);

/* The run loop's two entry points: turn the exception in c->stop into a
 * trap (0: continue running; -1: stop stays, machine decides), and take a
 * deliverable interrupt before the bundle at c->ip (0 or -1 as above). */
int cpu_sys_exception(struct cpu_state *c);
int cpu_sys_interrupt(struct cpu_state *c);

/* ---- for translated code (sem_ctl.c, sem_misc.c, sem_mem.c) ---- */

/* The checks below return 0 or CPU_SYS_EXC(exception number) (bit 8 set,
 * so exc_illegal_opcode = 0 is not mistaken for success); the actions
 * return 0 or -CPU_SYS_EXC(exception). CPU_SYS_EXC_NUM gets the number. */
#define CPU_SYS_EXC(e) (0x100 | (int)(e))
#define CPU_SYS_EXC_NUM(v) ((unsigned)(v) & 0xffu)

/* `done` (§8.7): 0 or CPU_SYS_EXC(the exception to raise first). */
int cpu_sys_done_check(struct cpu_state *c);
/* Pop the trap frame; CTPRs kept; USD by the hardware delta rule.
 * Returns 0 or -CPU_SYS_EXC(exception). */
int cpu_sys_done(struct cpu_state *c);
/* `return` in system mode: cpu_proc_return with the USD delta rule
 * (0 or -(exception) as cpu_proc_return). */
int cpu_sys_return(struct cpu_state *c);
/* sdisp in system mode: the CTPR value for the translator's immediate
 * (entry number in the base field) = OSCUD.base + E * 0x800 (§8.8). */
uint64_t cpu_sys_sdisp(const struct cpu_state *c, uint64_t imm);
/* `call` through an sdisp CTPR: checks (0 or CPU_SYS_EXC) and the call
 * itself (0 or -CPU_SYS_EXC). */
int cpu_sys_scall_check(const struct cpu_state *c, uint64_t ctpr,
                        unsigned wbs);
int cpu_sys_scall(struct cpu_state *c, uint64_t ctpr, unsigned wbs,
                  uint64_t ret_addr);
/* getsp in system mode (§8.7, "size = free bytes below base"): 0 and the
 * new base in *base, or CPU_SYS_EXC(EXC_ARRAY_BOUNDS) (nothing changed). */
int cpu_sys_getsp(struct cpu_state *c, int64_t delta, uint64_t *base);
/* rrs/rrd of %tir.hi (0x9c) / %tir.lo (0x9d) with the reading protocol's
 * side effect (a %tir.lo read moves to the next lower TIR). */
uint64_t cpu_sys_tir_rr(struct cpu_state *c, unsigned num);
/* After rws/rwd of PSR or UPSR: keep the defined bits, and end the block if
 * an interrupt became deliverable. */
void cpu_sys_status_written(struct cpu_state *c, unsigned num);
/* MMU register access (MAS 0x47): 0, or CPU_SYS_EXC(exception)
 * (exc_priv_action without PSR.pm; a stop for MMU on, with sys_fatal). */
int cpu_sys_mmu(struct cpu_state *c, uint64_t addr, int is_write,
                uint64_t *val);
/* An access that missed RAM: hand it to cpu_state.io with icount and ip
 * exact for the op's bundle. 0 or a MEM_E_* code (err if there is no io
 * callback). */
int cpu_sys_io(struct cpu_state *c, const struct xlat_op *op, uint64_t addr,
               unsigned size, int is_write, uint64_t *val, int err);

/* ---- state registers (cpu_sreg_read/write delegate here) ---- */

/* 1 and *val if `num` is one of the system registers kept here (no side
 * effects), else 0. */
int cpu_sys_sreg_read(struct cpu_state *c, unsigned num, uint64_t *val);
/* 1 if handled, else 0. %tir.lo unfreezes the TIRs; %cr0/%cr1 write the
 * newest chain frame. */
int cpu_sys_sreg_write(struct cpu_state *c, unsigned num, uint64_t val);

#endif
