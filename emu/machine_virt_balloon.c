/*
 * machine_virt_balloon.c — the virt machine's balloon as the host sees it
 * (machine_virt.h virt_balloon_info): target, actual, pages held and the
 * last statistics, for host control (tools/e2k-rr balloon_ctl.c) and the
 * debugger console (debugger/con_balloon.c), which may not include
 * devices/. The board answers for the device (virt_board_ops.balloon_info);
 * when the last statistics arrived is the machine's own record (virt_emit
 * stamps every EMU_DEV_BALLOON_STATS event; checkpoints keep it through
 * virt_state_save, so it goes back in time with the machine). This file
 * also names the stats tags once for both users.
 *
 * Reading is side-effect free: nothing here touches the guest, so a
 * reader at a poll point or between debugger steps cannot change a run.
 */
#include "emu/machine_virt.h"

#include <string.h>

#include "emu/machine_virt_internal.h"

int virt_balloon_info(struct machine *m, struct virt_balloon_info *out)
{
    struct virt *v = virt_of(m);
    memset(out, 0, sizeof *out);
    out->stats_icount = UINT64_MAX;
    if (!v || !v->bops || !v->bops->balloon_info)
        return VIRT_E_STATE;
    if (v->bops->balloon_info(v->board, out) != 0)
        return VIRT_E_STATE;
    out->stats_reports = v->balloon_stats_reports;
    out->stats_icount = v->balloon_stats_reports ? v->balloon_stats_icount : UINT64_MAX;
    return 0;
}

/* Linux include/uapi/linux/virtio_balloon.h VIRTIO_BALLOON_S_NAMES (6.12:
 * 16 tags), '-' written '_' as Firecracker's balloon statistics do. */
static const char *const kStatNames[VIRT_BALLOON_NSTATS] = {
    "swap_in",          "swap_out",         "major_faults",   "minor_faults",
    "free_memory",      "total_memory",     "available_memory", "disk_caches",
    "hugetlb_allocations", "hugetlb_failures", "oom_kills",    "alloc_stalls",
    "async_scans",      "direct_scans",     "async_reclaims", "direct_reclaims",
};

const char *virt_balloon_stat_name(unsigned tag)
{
    return tag < VIRT_BALLOON_NSTATS ? kStatNames[tag] : NULL;
}
