! mem64.s — the reverse-execution benchmark's guest (bench/bench_rev.c):
! a 64 MiB footprint and ~10^9 instructions. It first writes one quad into
! each of the 16384 pages of a 64 MiB array (so every page holds data), then
! runs ITER iterations of an 8-bundle loop that reads a quad of the big
! array (a new page every 256 iterations, so the whole array is read over
! the run), adds, and stores into a small 2 KiB table; every 65536
! iterations it calls getpid (a host request, so the journal has events
! all along). Exit status 0.
        .set    ITER, 125000000
        .set    PAGES, 16384
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, big, %dr1          ! p = big
        addd,1  0x0, 0x0, %dr0          ! k = 0
    }
touch:
    {
        addd,0  %dr0, 0x1, %dr0         ! k++
        addd,1  %dr1, 0x1000, %dr1      ! next page
        std,2   %dr0, %dr1, 0x0         ! page[k] = k (the page after p)
    }
    {
        cmpldb,0 %dr0, PAGES - 1, %pred0
    }
        ibranch touch ? %pred0
    {
        addd,0  0x0, 0x0, %dr0          ! i = 0
        addd,1  0x0, big, %dr1
        addd,2  0x0, small, %dr6
        addd,3  0x0, 0x0, %dr5
    }
loop:
    {
        addd,0  %dr0, 0x1, %dr0         ! i++
        shrd,1  %dr0, 0x8, %dr2         ! a new page every 256 iterations
        andd,3  %dr0, 0xff, %dr3        ! table index
    }
    {
        andd,0  %dr2, 0x3fff, %dr2      ! page index
        shld,1  %dr3, 0x3, %dr3
        andd,3  %dr0, 0xffff, %dr9
    }
    {
        shld,0  %dr2, 0xc, %dr2
    }
    {
        addd,0  %dr1, %dr2, %dr4        ! &big[page]
        addd,1  %dr6, %dr3, %dr7        ! &small[i & 255]
    }
    {
        ldd,0   %dr4, 0x0, %dr8         ! read the big array
    }
    {
        addd,0  %dr5, %dr8, %dr5        ! acc += it
        cmpedb,1 %dr9, 0x0, %pred1      ! every 65536: getpid
        cmpldb,3 %dr0, ITER, %pred0
    }
    {
        std,2   %dr5, %dr7, 0x0         ! small[i & 255] = acc
    }
        ibranch nosys ? ~%pred1
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x14, %dr16        ! getpid()
    }
        call    %ctpr2, wbs = 0x8
nosys:
loop_end:
        ibranch loop ? %pred0
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr16         ! exit(0)
        addd,1  0x0, 0x0, %dr17
    }
        call    %ctpr2, wbs = 0x8

        .data
        .align  8
small:  .skip   2048
        .bss
        .align  4096
big:    .skip   67112960                ! 64 MiB + one page
