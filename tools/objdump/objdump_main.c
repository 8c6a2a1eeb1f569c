/*
 * objdump_main.c — e2k-objdump's main(): everything else, including the
 * option parser, lives in the e2k_dis library (objdump_cli.c) so tests can
 * run the command in-process.
 */
#include <stdio.h>

#include "tools/objdump/objdump_cli.h"

int main(int argc, char **argv)
{
    return objdump_main(argc, argv, stdout, stderr);
}
