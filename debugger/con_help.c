/*
 * con_help.c — `help [COMMAND]`: the command list or one command's text.
 */
#include "debugger/con.h"

#include <string.h>

static int run(struct con *c, int argc, char **argv)
{
    if (argc > 2)
        return con_error(c, "usage: help [COMMAND]");
    if (argc == 2) {
        const struct con_cmd *cmd = con_find(argv[1]);
        if (!cmd)
            return con_error(c, "help: no command '%s'", argv[1]);
        con_printf(c, "%s", cmd->help);
        return 0;
    }
    for (size_t i = 0; con_cmds[i]; i++) {
        const struct con_cmd *cmd = con_cmds[i];
        if (c->monitor && !(cmd->flags & CON_F_MONITOR))
            continue;
        char head[80];
        snprintf(head, sizeof head, "%s%s%s", cmd->name,
                 cmd->args[0] && cmd->args[0] != '/' ? " " : "", cmd->args);
        if (strlen(head) > 34)
            con_printf(c, "  %s\n  %-34s %s\n", head, "", cmd->summary);
        else
            con_printf(c, "  %-34s %s\n", head, cmd->summary);
    }
    con_printf(c, "`help COMMAND` shows details.%s\n",
               c->monitor ? "" : " Addresses: 0x.. hex, decimal, $pc, $sp, $rN, $gN.");
    return 0;
}

const struct con_cmd con_cmd_help = {
    .name = "help",
    .args = "[COMMAND]",
    .summary = "list commands, or explain one",
    .help = "help [COMMAND]\n"
            "List the commands, or show the full description of one.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
