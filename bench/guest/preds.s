! preds.s — predicate-heavy benchmark: each iteration computes three
! compares, combines them with predicate logic (PLS), executes ops under
! predicates (RLP) and selects with merge (MRGC), then branches. Exits 0.
        .set    LOOPS, 30000000
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, loop
        addd,0  0x0, 0x0, %dr0          ! i
        addd,1  0x0, LOOPS, %dr3
        addd,2  0x0, 0x0, %dr1          ! acc
        addd,3  0x0, 0x0, %dr2
    }
loop:
    {
        andd,0  %dr0, 0x3, %dr4
        andd,1  %dr0, 0x5, %dr5
        addd,3  %dr0, 0x1, %dr0
    }
    {
        cmpedb,0 %dr4, 0x0, %pred1
        cmpedb,1 %dr5, 0x1, %pred2
        cmpldb,3 %dr0, %dr3, %pred0
    }
    {
        pass    %pred1, @p0
        pass    %pred2, @p1
        andp    @p0, ~@p1, @p4
        pass    @p4, %pred3
        landp   ~@p0, @p1, @p5
        pass    @p5, %pred4
    }
    {
        addd,0  %dr1, 0x1, %dr1 ? %pred3
        subd,1  %dr2, 0x1, %dr2 ? %pred4
        merged,3 %dr1, %dr2, %dr6, %pred1
    }
loop_end:
        ct      %ctpr1 ? %pred0
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr8          ! exit(0)
        addd,1  0x0, 0x0, %dr9
    }
        call    %ctpr2, wbs = 0x4
