/*
 * commands.c — the table of subcommands. Adding a command is one file
 * (cmd-<name>.c exporting struct ebb_cmd cmd_<name>) and one line here.
 */
#include <string.h>

#include "cli.h"

extern const struct ebb_cmd cmd_init, cmd_unlock, cmd_lock, cmd_passwd, cmd_checkin, cmd_log,
    cmd_export, cmd_help;

const struct ebb_cmd *const ebb_commands[] = {
    &cmd_init, &cmd_unlock, &cmd_lock, &cmd_passwd, &cmd_checkin,
    &cmd_log,  &cmd_export, &cmd_help, NULL,
};

const struct ebb_cmd *ebb_cmd_find(const char *name)
{
	for (size_t i = 0; ebb_commands[i]; i++)
		if (strcmp(ebb_commands[i]->name, name) == 0)
			return ebb_commands[i];
	return NULL;
}
