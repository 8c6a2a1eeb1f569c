! ldst_loop.s — load/store loop benchmark: walks a 64 KiB buffer eight
! bytes at a time, loading, adding and storing back (read-modify-write),
! PASSES times over the buffer, then exits 0.
        .set    PASSES, 4000
        .set    WORDS, 8192             ! 64 KiB / 8
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, loop
        addd,0  0x0, PASSES, %dr7
    }
        disp    %ctpr3, pass
pass:
    {
        addd,0  0x0, buf, %dr5          ! p = buf
        addd,1  0x0, WORDS, %dr6        ! n words
    }
loop:
    {
        ldd,0   %dr5, 0x0, %dr0
        ldd,3   %dr5, 0x8, %dr1
        subd,1  %dr6, 0x2, %dr6
    }
    {
        addd,0  %dr0, 0x3, %dr0
        addd,1  %dr1, 0x5, %dr1
        cmpldb,3 0x0, %dr6, %pred0      ! more words left?
    }
    {
        std,2   %dr0, %dr5, 0x0
        std,5   %dr1, %dr5, 0x8
        addd,0  %dr5, 0x10, %dr5
    }
loop_end:
        ct      %ctpr1 ? %pred0
    {
        subd,0  %dr7, 0x1, %dr7
    }
        cmpldb,0 0x0, %dr7, %pred1
        ct      %ctpr3 ? %pred1
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr8          ! exit(0)
        addd,1  0x0, 0x0, %dr9
    }
        call    %ctpr2, wbs = 0x4

        .bss
        .align  16
buf:    .skip   65536
