/*
 * cmd-lock.c — `ebb lock`: forget the kept vault key now.
 */
#include "cli.h"
#include "keycache.h"

static int run(struct cli *cli, int argc, char **argv)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	int first, r = cli_getopt(cli, argc, argv, "", NULL, NULL, NULL, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "lock takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r == 0 && ebb_keycache_drop(ebb_vault_id(v), &err) != EBB_OK)
		r = cli_fail(&err);
	if (r == 0) {
		if (cli->json)
			puts("{\"locked\": true}");
		else
			puts("Locked. Writing still works; reading asks for your passphrase.");
	}
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_lock = {
    .name = "lock",
    .usage = "",
    .summary = "lock the vault now",
    .help = "Forgets the vault key kept by 'ebb unlock'. Check-ins and other writing\n"
            "still work while locked; reading asks for the passphrase again.\n",
    .run = run,
};
