/*
 * commands.c — the table of subcommands. Adding a command is one file
 * (cmd-<name>.c exporting struct ebb_cmd cmd_<name>) and one line here.
 */
#include <string.h>

#include "cli.h"

extern const struct ebb_cmd cmd_init, cmd_unlock, cmd_lock, cmd_passwd, cmd_today, cmd_checkin,
    cmd_write, cmd_urge, cmd_signs, cmd_reasons, cmd_misses, cmd_both, cmd_dates, cmd_plan,
    cmd_contact, cmd_waves, cmd_insights, cmd_log, cmd_show, cmd_edit, cmd_delete, cmd_search,
    cmd_export, cmd_demo, cmd_serve, cmd_help;

const struct ebb_cmd *const ebb_commands[] = {
    &cmd_init,    &cmd_unlock, &cmd_lock,     &cmd_passwd, &cmd_today, &cmd_checkin, &cmd_write,
    &cmd_urge,    &cmd_signs,  &cmd_reasons,  &cmd_misses, &cmd_both,  &cmd_dates,   &cmd_plan,
    &cmd_contact, &cmd_waves,  &cmd_insights, &cmd_log,    &cmd_show,  &cmd_edit,    &cmd_delete,
    &cmd_search,  &cmd_export, &cmd_demo,     &cmd_serve,  &cmd_help,  NULL,
};

const struct ebb_cmd *ebb_cmd_find(const char *name)
{
	for (size_t i = 0; ebb_commands[i]; i++)
		if (strcmp(ebb_commands[i]->name, name) == 0)
			return ebb_commands[i];
	return NULL;
}
