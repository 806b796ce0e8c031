/*
 * cmd-help.c — `ebb help [COMMAND | crisis]`: the list of commands, one
 * command's help, or where to find help right now.
 */
#include <string.h>

#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	const struct ebb_cmd *cmd;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first >= argc) {
		fputs("usage: ebb [--vault PATH] [--json] [--no-color] [--passphrase-fd N] COMMAND "
		      "[ARGS]\n\nCommands:\n",
		      stdout);
		for (size_t i = 0; ebb_commands[i]; i++)
			printf("  %-10s %s\n", ebb_commands[i]->name, ebb_commands[i]->summary);
		fputs("\n'ebb help COMMAND' tells more about one; 'ebb help crisis' says where to\n"
		      "find someone right now.\n",
		      stdout);
		return EX_OK;
	}
	if (strcmp(argv[first], "crisis") == 0) {
		cli_print_crisis(stdout);
		return EX_OK;
	}
	cmd = ebb_cmd_find(argv[first]);
	if (cmd == NULL)
		return cli_usage(cli, "there is no command '%s'", argv[first]);
	return cli_help(cmd);
}

const struct ebb_cmd cmd_help = {
    .name = "help",
    .usage = "[COMMAND | crisis]",
    .summary = "list the commands, explain one, or show where to find help now",
    .help = "With no argument, lists every command. With a command's name, shows its\n"
            "help. 'ebb help crisis' lists crisis lines and emergency numbers.\n",
    .run = run,
};
