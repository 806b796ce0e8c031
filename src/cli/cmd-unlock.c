/*
 * cmd-unlock.c — `ebb unlock [--for DURATION]`: keep the vault key (never
 * the passphrase) in the kernel keyring for a while, so reading needs no
 * passphrase until it times out or `ebb lock`.
 */
#include "cli.h"
#include "keycache.h"

struct opts {
	struct cli *cli;
	unsigned seconds;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	if (c != 'f')
		return EX_USAGE;
	if (!cli_parse_duration(arg, &o->seconds) || o->seconds > EBB_KEYCACHE_MAX)
		return cli_usage(o->cli, "--for takes a duration up to 7 days, like 30m, 2h or 1d");
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"for", required_argument, NULL, 'f'},
	    {0},
	};
	struct opts o = {.cli = cli, .seconds = EBB_KEYCACHE_DEFAULT};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	char words[32];
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "unlock takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0 &&
	    ebb_keycache_put(ebb_vault_id(v), ebb_vault_key(v), o.seconds, &err) != EBB_OK)
		r = cli_failf(cli_exit_status(err.code),
		              "%s; ebb will ask for your passphrase each time instead", err.msg);
	if (r == 0) {
		cli_format_duration(words, sizeof(words), o.seconds);
		if (cli->json)
			printf("{\"unlocked\": true, \"seconds\": %u}\n", o.seconds);
		else
			printf("Unlocked for %s after the last use. 'ebb lock' locks it sooner.\n",
			       words);
	}
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_unlock = {
    .name = "unlock",
    .usage = "[--for DURATION]",
    .summary = "unlock for a while, so reading needs no passphrase",
    .help = "Asks for the passphrase once and keeps the vault key (never the passphrase)\n"
            "in the kernel keyring, readable only by you. Each use restarts the clock.\n\n"
            "Options:\n"
            "  --for DURATION   how long after the last use: 90s, 15m (default), 2h, 1d;\n"
            "                   at most 7d\n",
    .run = run,
};
