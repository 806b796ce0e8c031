/*
 * cmd-passwd.c — `ebb passwd`: change the passphrase. Only the wrapped
 * vault key changes, in one transaction; the records are not rewritten.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define PASS_MIN 8

struct opts {
	struct cli *cli;
	enum ebb_kdf_level kdf;
};

static bool nonempty(const char *s)
{
	return s && *s;
}

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;
	long fd;

	switch (c) {
	case 'k':
		return cli_parse_kdf(o->cli, arg, &o->kdf);
	case 'N':
		if (!cli_parse_int(arg, 0, INT_MAX, &fd))
			return cli_usage(o->cli,
			                 "--new-passphrase-fd needs a file descriptor number");
		o->cli->new_pass_fd = (int)fd;
		return 0;
	}
	return EX_USAGE;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"kdf", required_argument, NULL, 'k'},
	    {"new-passphrase-fd", required_argument, NULL, 'N'},
	    {0},
	};
	struct opts o = {.cli = cli, .kdf = EBB_KDF_MODERATE};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_buf old, fresh;
	enum ebb_status rc;
	int fd, first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "passwd takes no arguments; '%s' is extra", argv[first]);
	r = cli_open(cli, &v);
	if (r != 0)
		return r;
	ebb_buf_init_secret(&old, 1024);
	ebb_buf_init_secret(&fresh, 1024);

	/* the current passphrase is always asked: a kept key is not enough */
	rc = cli_read_passphrase(cli, cli->pass_fd, "EBB_PASSPHRASE_FILE", 0,
	                         "Current passphrase: ", false, &old, &err);
	if (rc == EBB_ERR_NOTFOUND) {
		r = cli_usage(cli, "ebb passwd needs the current passphrase: run it in a terminal, "
		                   "or give --passphrase-fd or EBB_PASSPHRASE_FILE");
		goto done;
	}
	if (rc == EBB_OK)
		rc = ebb_vault_unlock(v, old.data, old.len, &err);
	if (rc != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	/* the new one: its own fd or file, else the next line of the same fd
	 * or file, else the terminal */
	fd = cli->new_pass_fd >= 0 ? cli->new_pass_fd : cli->pass_fd;
	if (cli->new_pass_fd < 0 && nonempty(getenv("EBB_NEW_PASSPHRASE_FILE"))) {
		rc = cli_read_passphrase(cli, -1, "EBB_NEW_PASSPHRASE_FILE", 0, "", false, &fresh,
		                         &err);
	} else if (fd < 0 && nonempty(getenv("EBB_PASSPHRASE_FILE"))) {
		rc =
		    cli_read_passphrase(cli, -1, "EBB_PASSPHRASE_FILE", 1, "", false, &fresh, &err);
	} else {
		/* a shared fd was left at the start of its next line */
		rc = cli_read_passphrase(cli, fd, NULL, 0, "New passphrase: ", true, &fresh, &err);
	}
	if (rc == EBB_ERR_NOTFOUND) {
		r = cli_usage(cli, "ebb passwd needs the new passphrase: run it in a terminal, or "
		                   "give --new-passphrase-fd");
	} else if (rc != EBB_OK) {
		r = cli_fail(&err);
	} else if (fresh.len < PASS_MIN) {
		r = cli_usage(cli, "a passphrase needs at least %d characters; nothing was changed",
		              PASS_MIN);
	} else if (ebb_vault_passwd(v, fresh.data, fresh.len, o.kdf, &err) != EBB_OK) {
		r = cli_fail(&err);
	} else if (cli->json) {
		puts("{\"changed\": true}");
	} else {
		puts("Your passphrase is changed. The old one no longer opens the vault.");
	}
done:
	ebb_buf_release(&old);
	ebb_buf_release(&fresh);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_passwd = {
    .name = "passwd",
    .usage = "[--kdf LEVEL] [--new-passphrase-fd N]",
    .summary = "change your passphrase",
    .help = "Asks for the current passphrase, then the new one twice. Only the wrapped\n"
            "key changes, in one step: if anything fails, the old passphrase still works.\n"
            "With --passphrase-fd N, the first line is the current passphrase and the\n"
            "second the new one (or give --new-passphrase-fd or EBB_NEW_PASSPHRASE_FILE).\n\n"
            "Options:\n"
            "  --kdf LEVEL              moderate (default) or interactive\n"
            "  --new-passphrase-fd N    read the new passphrase from descriptor N\n",
    .run = run,
};
