/*
 * main.c — the ebb command: global options, then one subcommand from the
 * table in commands.c. main alone turns results into an exit status.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "crypto.h"

static void first_run(const struct cli *cli)
{
	fputs("ebb - a quiet place for what comes after leaving\n\n"
	      "You left. That was a decision, and it was yours. Healing is slower than\n"
	      "leaving, and it comes in waves. ebb keeps both in view: what you have let\n"
	      "go of, and how the heaviness moves over time. Everything stays in one\n"
	      "encrypted file on this computer; ebb never sends anything anywhere.\n\n"
	      "To begin, create your vault (you will choose a passphrase):\n"
	      "    ebb init\n\n",
	      stdout);
	printf("It will live at %s.\n", cli->vault_path);
	fputs("Every command:            ebb help\n"
	      "If you need someone now:  ebb help crisis\n",
	      stdout);
}

static int status_screen(struct cli *cli)
{
	struct ebb_vault *v = NULL;
	int rc = cli_open(cli, &v);

	if (rc != 0)
		return rc;
	cli_unlock_write(cli, v);
	printf("Your vault: %s (%s)\n\n", cli->vault_path,
	       ebb_vault_is_unlocked(v) ? "unlocked" : "locked");
	fputs("Check in, 0 (light) to 10 (heaviest):  ebb checkin 4\n"
	      "See what you have written:            ebb log\n"
	      "Every command:                        ebb help\n"
	      "If you need someone now:              ebb help crisis\n",
	      stdout);
	ebb_vault_close(v);
	return 0;
}

static int usage_all(FILE *f)
{
	fputs(
	    "usage: ebb [--vault PATH] [--json] [--no-color] [--passphrase-fd N] COMMAND [ARGS]\n\n"
	    "Commands:\n",
	    f);
	for (size_t i = 0; ebb_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", ebb_commands[i]->name, ebb_commands[i]->summary);
	fputs("\n'ebb help COMMAND' or 'ebb COMMAND --help' tells more; 'man ebb' has it all.\n"
	      "If you need someone now: ebb help crisis\n",
	      f);
	return EX_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"vault", required_argument, NULL, 'V'},
	    {"json", no_argument, NULL, 'j'},
	    {"no-color", no_argument, NULL, 'C'},
	    {"passphrase-fd", required_argument, NULL, 'P'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'v'},
	    {0},
	};
	struct cli cli = {.pass_fd = -1, .new_pass_fd = -1};
	struct ebb_error err = {0};
	const struct ebb_cmd *cmd;
	const char *nc = getenv("NO_COLOR");
	long fd;
	int c;

	if (ebb_crypto_init(&err) != EBB_OK)
		return cli_fail(&err);
	cli.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	if (getenv("EBB_VAULT") && *getenv("EBB_VAULT"))
		cli.vault_given = true;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		switch (c) {
		case 'V':
			if (snprintf(cli.vault_path, sizeof(cli.vault_path), "%s", optarg) >=
			    (int)sizeof(cli.vault_path))
				return cli_usage(&cli, "the vault path is too long");
			cli.vault_given = true;
			break;
		case 'j':
			cli.json = true;
			break;
		case 'C':
			cli.color = false;
			break;
		case 'P':
			if (!cli_parse_int(optarg, 0, INT_MAX, &fd))
				return cli_usage(&cli,
				                 "--passphrase-fd needs a file descriptor number");
			cli.pass_fd = (int)fd;
			break;
		case 'h':
			return usage_all(stdout);
		case 'v':
			printf("ebb %s\n", EBB_VERSION);
			return EX_OK;
		case ':':
			return cli_usage(&cli, "'%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage(&cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* with no HOME the path stays empty; cli_open says so when a vault is needed */
	if (cli.vault_path[0] == '\0')
		ebb_vault_default_path(cli.vault_path, sizeof(cli.vault_path), &err);

	if (optind >= argc) {
		if (cli.vault_path[0] && access(cli.vault_path, F_OK) != 0) {
			first_run(&cli);
			return EX_OK;
		}
		return status_screen(&cli);
	}
	cmd = ebb_cmd_find(argv[optind]);
	if (cmd == NULL) {
		fprintf(stderr, "ebb: '%s' is not an ebb command\n\n", argv[optind]);
		usage_all(stderr);
		return EX_USAGE;
	}
	cli.cmd = cmd;
	return cmd->run(&cli, argc - optind, argv + optind);
}
