/*
 * gdb_tdesc.c — target.xml generation (gdb_tdesc.h). The types table
 * restates e2k-gdb-remote.md §7 in a compact form: "name hi:lo" or "name
 * bit", comma-separated, expanded to gdb's <struct>/<union> XML (gdb
 * manual "Target Description Format", "Types").
 */
#include "debugger/gdb_tdesc.h"

#include <stdio.h>
#include <string.h>

#include "debugger/gdb_regs.h"

struct type_row {
    const char *id;
    const char *int_name; /* plain integer member: "dword", "word", "" */
    const char *int_type; /* its type */
    unsigned size;        /* bytes of the bit-field struct */
    const char *bits;     /* bit fields */
};

#define U64(id, bits) {id, "dword", "uint64", 8, bits}
#define U32(id, bits) {id, "word", "uint32", 4, bits}
static const struct type_row k_types[] = {
    U32("hs", "mdl 3:0,lng 6:4,nop 9:7,lm 10,s 12,sw 13,c 15:14,cd 17:16,"
              "pl 19:18,ale 25:20,al 31:26"),
    U32("alf2", "dst 7:0,src2 15:8,opce 23:16,opc 31:24"),
    U32("c1f1", "param 27:0,opc 31:28"),
    U32("cs0_dummy", "disp 27:0,opc 31:28"),
    U32("cs1_setwd", "rbs 5:0,rsz 11:6,rcur 17:12,psz 22:18,settr 25,"
                     "setbn 26,setbp 27,opc 31:28"),
    U32("cs1_call", "wbs 6:0,opc 31:28"),
    U32("lts0_setwd", "nfx 4,wsz 11:5,rpsz 16:12,type 31:17"),
    U32("ss", "ctcond 8:0,ctop 11:10,aa 15:12,alc 17:16,abp 19:18,abn 22:21,"
              "abg 24:23,vfdi 26,srp 27,bap 28,eap 29,ipd 31:30"),
    U32("pred", "bval 0,t 1"),
    U64("psr", "pm 0,ie 1,sge 2,lw 3,uie 4,nmie 5,unmie 6"),
    U64("upsr", "fe 0,se 1,ac 2,di 3,wp 4,ie 5,a20 6,nmie 7"),
    U64("rwap_lo", "base 47:0,stub3 56,stub2 57,stub1 58,rw 60:59"),
    U64("rwap_hi", "curptr 31:0,size 63:32"),
    U64("usd_rwap_lo", "base 47:0,p 58,rw 60:59"),
    U64("usd_rwap_hi", "curptr 31:0,size 63:32"),
    U64("oscud_rwap_lo", "base 47:0,c 58,rw 60:59"),
    U64("oscud_rwap_hi", "curptr 31:0,size 63:32"),
    U64("osgd_rwap_lo", "base 47:0,rw 60:59"),
    U64("osgd_rwap_hi", "curptr 31:0,size 63:32"),
    U64("intel_rwap_lo", "base 47:0,tag 56,mb 57,ed 58,rw 60:59"),
    U64("intel_rwap_hi", "curptr 31:0,limit 63:32"),
    U64("aad_lo", "base 47:0,tag 56:54,mb 57,ed 58,rw 60:59,itag 63:61"),
    U64("aad_hi", "size 63:32"),
    U64("aaind", "ind 31:0"),
    U64("aaincr", "incr 31:0"),
    U64("aaldi", "ind 31:0"),
    U64("aaldv", "mask 63:0"),
    U64("aalda", "exc 1:0,cincr 2,root 4"),
    U64("aaldm", "mask 63:0"),
    U64("aasr", "stb 5,iab 6,lds 9:7"),
    U64("aafstr", "v0 0,area0 6:1,v1 8,area1 14:9,v2 16,area2 22:17,v3 24,"
                  "area3 30:25"),
    U64("aasti", "ind 31:0"),
    U64("pfpfr", "ie 0,de 1,ze 2,oe 3,ue 4,pe 5,zero1 6,im 7,dm 8,zm 9,om 10,"
                 "um 11,pm 12,rc 14:13,fz 15,zero0 25:16,die 26,dde 27,"
                 "dze 28,doe 29,due 30,dpe 31"),
    U64("fpcr", "im 0,dm 1,zm 2,om 3,um 4,pm 5,once_0 6,zero_1 7,pc 9:8,"
                "rc 11:10,ic 12,zero_0 15:13"),
    U64("fpsr", "ie 0,de 1,ze 2,oe 3,ue 4,pe 5,zero_2 6,es 7,zero_1 8,c1 9,"
                "zero_0 14:10,bf 15"),
    U64("rwsap_lo", "base 31:0,psl 47:32,stub3 56,stub2 57,stub1 58,rw 60:59"),
    U64("rwsap_hi", "curptr 31:0,size 63:32"),
    U64("pusd_rwsap_lo", "base 31:0,psl 47:32,p 58,rw 60:59"),
    U64("pusd_rwsap_hi", "zero_0 31:0,size 63:32"),
    U64("psp_rwap_lo", "base 47:0,rw 60:59"),
    U64("psp_rwap_hi", "ind 31:0,size 63:32"),
    U64("pshtp", "ind 11:0,fxind 27:16,tind 43:32,fx 48"),
    U64("cr0_lo", "pf 63:0"),
    U64("cr0_hi", "ip 47:3"),
    U64("cr1_lo", "tr 14:0,eir 23:16,wfx 25,wpsz 32:26,wbs 39:33,"
                  "cur_ind 55:40,cur_ic 56,psr_pm 57,psr_ie 58,psr_sge 59,"
                  "psr_lw 60,psr_uie 61,psr_nmie 62,psr_unmie 63"),
    U64("cr1_hi", "br 27:0,ussz 63:36"),
    U64("cwd", "base 9:0"),
    U64("pcsp_rwap_lo", "base 47:0,rw 60:59"),
    U64("pcsp_rwap_hi", "ind 31:0,size 63:32"),
    U64("pcshtp", "value 10:4"),
    U64("wd", "base 10:0,size 26:16,psize 42:32,fx 48"),
    U64("br", "rbs 5:0,rsz 11:6,rcur 17:12,psz 22:18,pcur 27:23"),
    U64("bgr", "val 7:0,cur 10:8"),
    U64("rwp", "base 47:0,stub5 54,stub4 55,stub3 56,stub2 57,stub1 58,"
               "rw 60:59"),
    U64("ip_rwp", "base 47:0"),
    U64("ctpr_rwp", "ta_base 47:0,ta_tag 56:54,opc 58:57,ipd 60:59"),
    U64("tir_lo", "ip 47:0"),
    U64("tir_hi", "exc 43:0,al 49:44,aa 55:52,j 63:56"),
    U64("pf", NULL), /* val0 0, tag0 1, ... val31 62, tag31 63 */
    U64("dibcr", "v0 0,t0 1,v1 2,t1 3,v2 4,t2 5,v3 6,t3 7,bt 8,stop 9"),
    U64("ddbcr", "v0 0,root0 1,rw0 3:2,lng0 6:4,sync0 7,spec0 8,ap0 9,sf0 10,"
                 "hw0 11,t0 12,v1 14,root1 15,rw1 17:16,lng1 20:18,sync1 21,"
                 "spec1 22,ap1 23,sf1 24,hw1 25,t1 26,v2 28,root2 29,"
                 "rw2 31:30,lng2 34:32,sync2 35,spec2 36,ap2 37,sf2 38,"
                 "hw2 39,t2 40,v3 42,root3 43,rw3 45:44,lng3 48:46,sync3 49,"
                 "spec3 50,ap3 51,sf3 52,hw3 53,t3 54"),
    U64("dibar", "base 47:0"),
    U64("ddbar", "base 47:0"),
    U64("dibsr", "b0 0,b1 1,b2 2,b3 3,bt 4,m0 5,m1 6"),
    U64("ddbsr", "sprg0 0,spec0 1,aprg0 2,psf0 3,csf0 4,cut0 5,pt0 6,clw0 7,"
                 "sprg1 12,spec1 13,aprg1 14,psf1 15,csf1 16,cut1 17,pt1 18,"
                 "clw1 19,sprg2 24,spec2 25,aprg2 26,psf2 27,csf2 28,"
                 "cut2 29,pt2 30,clw2 31,sprg3 36,spec3 37,aprg3 38,psf3 39,"
                 "csf3 40,cut3 41,pt3 42,clw3 43,m0 49,m1 50"),
    U64("dimcr", "vu0 0,vs0 1,to0 2,es0 22:16,vu1 32,vs1 33,to1 34,es1 54:48"),
    U64("ddmcr", "vu0 0,vs0 1,to0 2,es0 22:16,vu1 32,vs1 33,to1 34,es1 54:48"),
    U64("dtcr", "vu 0,vs 1"),
    U64("dtarf_rwp", "base 47:0"),
    U64("dtart_rwp", "base 47:0"),
    U64("tr", "value 14:0"),
    U64("cutd_rwp", "base 47:0"),
    U64("cuir", "ind 15:0,ic 16"),
    U64("tsd", "base 14:0,size 46:32"),
    U64("lsr", "lcnt 31:0,ecnt 36:32,vlc 37,over 38,ldmc 39,ldovl 47:40,"
               "pcnt 52:48,strmd 59:53,semc 60"),
    U64("ilcr", "lcnt 31:0,ecnt 36:32,pcnt 52:48"),
    U64("ret", "b0 7:0,b1 15:8,b2 23:16,b3 31:24,b4 39:32,b5 47:40,"
               "b6 55:48,b7 63:56"),
    U64("dam", "l1col 1:0,l1msb 3:2,word 12:4,page 40:13,mask 48:41,"
               "rg 56:49,quadro 57,val 58"),
    {"mlt_0", "", "uint64", 8, "resc 3:0,mask 11:4,page 39:12,"
                               "opcod_size 42:40,rg 50:43,st_ld_lock 51,"
                               "hit 52,val 53"},
    {"mlt_1", "", "uint64", 8, "byte 2:0,word 11:3,virt_page 47:12"},
    {"mlt_2", "", "uint64", 8, "sec_resc 3:0,mask_sec 11:4,next 20:12,"
                               "sec_page 22:21,second 23,pbv 24"},
    U64("cut_zero", "cud_base 47:0,cud_c 58"),
    U64("cut_two", "gd_base 47:0"),
    U64("lsr1", "lcnt_lo 31:0,lcnt_hi 63:32"),
    U64("ctpr_hi", "cui 15:0"),
};
#undef U64
#undef U32

/* Plain structs (no integer view), in dependency order. */
static const char k_structs[] =
    "<struct id=\"etags\" size=\"1\">"
    "<field name=\"tag0\" start=\"0\" end=\"1\"/>"
    "<field name=\"tag1\" start=\"2\" end=\"3\"/></struct>\n"
    "<struct id=\"etags128\" size=\"1\">"
    "<field name=\"tag0\" start=\"0\" end=\"1\"/>"
    "<field name=\"tag1\" start=\"2\" end=\"3\"/>"
    "<field name=\"tag2\" start=\"4\" end=\"5\"/>"
    "<field name=\"tag3\" start=\"6\" end=\"7\"/></struct>\n"
    "<struct id=\"tagged32\"><field name=\"word\" type=\"uint32\"/>"
    "<field name=\"\" type=\"etags\"/></struct>\n"
    "<struct id=\"tagged64\"><field name=\"dword\" type=\"uint64\"/>"
    "<field name=\"\" type=\"etags\"/></struct>\n"
    "<struct id=\"tagged80\"><field name=\"dword\" type=\"uint64\"/>"
    "<field name=\"ext\" type=\"uint16\"/>"
    "<field name=\"\" type=\"etags\"/></struct>\n"
    "<struct id=\"signed_tagged32\"><field name=\"word\" type=\"int32\"/>"
    "<field name=\"\" type=\"etags\"/></struct>\n"
    "<struct id=\"signed_tagged64\"><field name=\"dword\" type=\"int64\"/>"
    "<field name=\"\" type=\"etags\"/></struct>\n"
    "<struct id=\"tagged128\"><field name=\"d0\" type=\"uint64\"/>"
    "<field name=\"d1\" type=\"uint64\"/>"
    "<field name=\"\" type=\"etags128\"/></struct>\n"
    "<struct id=\"mlt\"><field name=\"\" type=\"mlt_0\"/>"
    "<field name=\"\" type=\"mlt_1\"/><field name=\"\" type=\"mlt_2\"/>"
    "</struct>\n"
    "<struct id=\"dbl_param\"><field name=\"set\" type=\"uint64\"/>"
    "<field name=\"offset\" type=\"uint64\"/>"
    "<field name=\"val\" type=\"uint64\"/>"
    "<field name=\"tags\" type=\"uint8\"/></struct>\n"
    "<struct id=\"quad_param\"><field name=\"set\" type=\"uint64\"/>"
    "<field name=\"offset\" type=\"uint64\"/>"
    "<field name=\"val1\" type=\"uint64\"/>"
    "<field name=\"val2\" type=\"uint64\"/>"
    "<field name=\"tags\" type=\"uint8\"/></struct>\n";

static void field(struct gdb_buf *out, const char *name, size_t n,
                  unsigned lo, unsigned hi)
{
    gdb_buf_puts(out, "<field name=\"");
    gdb_buf_put(out, name, n);
    gdb_buf_printf(out, "\" start=\"%u\" end=\"%u\"/>", lo, hi);
}

static void bits_struct(struct gdb_buf *out, const struct type_row *t)
{
    gdb_buf_printf(out, "<struct id=\"%s_bits\" size=\"%u\">", t->id, t->size);
    if (!t->bits) { /* pf: value/tag pairs of 32 predicates (§7) */
        for (unsigned i = 0; i < 32; i++) {
            char nm[16];
            int n = snprintf(nm, sizeof nm, "val%u", i);
            field(out, nm, (size_t)n, 2 * i, 2 * i);
            n = snprintf(nm, sizeof nm, "tag%u", i);
            field(out, nm, (size_t)n, 2 * i + 1, 2 * i + 1);
        }
    }
    for (const char *p = t->bits; p && *p;) {
        const char *sp = strchr(p, ' ');
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        unsigned hi = 0, lo = 0;
        if (sp && sp < end) {
            if (sscanf(sp + 1, "%u:%u", &hi, &lo) != 2)
                lo = hi;
            field(out, p, (size_t)(sp - p), lo, hi);
        }
        p = *end ? end + 1 : end;
    }
    gdb_buf_puts(out, "</struct>\n");
    gdb_buf_printf(out, "<union id=\"%s\"><field name=\"%s\" type=\"%s\"/>"
                        "<field name=\"\" type=\"%s_bits\"/></union>\n",
                   t->id, t->int_name, t->int_type, t->id);
}

const char *gdb_tdesc_arch(unsigned isa)
{
    switch (isa) {
    case 2: return "elbrus-v2:any";
    case 3: return "elbrus-v3:any";
    case 4: return "elbrus-v4:any";
    case 5: return "elbrus-v5:any";
    default: return isa < 2 ? "elbrus-v2:any" : "elbrus-v6:any";
    }
}

void gdb_tdesc_xml(struct gdb_buf *out, unsigned isa)
{
    gdb_buf_puts(out, "<?xml version=\"1.0\"?>\n"
                      "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                      "<target version=\"1.0\">\n");
    gdb_buf_printf(out, "<architecture>%s</architecture>\n", gdb_tdesc_arch(isa));
    gdb_buf_puts(out, "<osabi>GNU/Linux</osabi>\n"
                      "<feature name=\"org.mcst.gdb.e2k.linux\">\n");
    for (size_t i = 0; i < sizeof k_types / sizeof k_types[0]; i++)
        bits_struct(out, &k_types[i]);
    gdb_buf_puts(out, k_structs);
    for (unsigned n = 0; n < GDB_REG_COUNT; n++) {
        struct gdb_reg_desc d;
        if (gdb_reg_desc(n, &d) || !(d.feature & GDB_TD_CORE))
            continue;
        gdb_buf_printf(out, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" "
                            "regnum=\"%u\"/>\n", d.name, d.bits, d.type, n);
    }
    gdb_buf_puts(out, "</feature>\n</target>\n");
}
