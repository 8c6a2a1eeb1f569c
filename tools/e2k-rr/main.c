/*
 * main.c — the e2k-rr executable: everything is in the e2k_cli library
 * (cli.c, cmd_*.c) so that tests can run the same code.
 */
#include "tools/e2k-rr/cli.h"

int main(int argc, char **argv)
{
    return cli_main(argc, argv);
}
