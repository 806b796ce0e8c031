/*
 * cmd-demo.c — `ebb demo`: a new vault holding a made-up history (see
 * src/core/demo.h), so a newcomer can see every screen before writing a
 * word of their own.
 *
 * The demo never goes where a real vault lives by default: without
 * --vault it is $XDG_DATA_HOME/ebb/demo.ebb (or ~/.local/share/ebb/demo.ebb),
 * and EBB_VAULT is ignored. An existing file is never replaced. The vault
 * is marked as a demo in its clear metadata, and every command that opens
 * it says so on stderr (cli_open). Its passphrase is printed, since it
 * guards nothing real; another can be chosen with --passphrase-fd or
 * EBB_PASSPHRASE_FILE, and is then never printed.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dates.h"
#include "demo.h"
#include "when.h"

#define PASS_MIN 8
#define PASS_MAX 1024

struct opts {
	struct cli *cli;
	long days;
	long seed;
	enum ebb_kdf_level kdf;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'd':
		if (!cli_parse_int(arg, EBB_DEMO_DAYS_MIN, EBB_DEMO_DAYS_MAX, &o->days))
			return cli_usage(o->cli, "--days is a number of days from %d to %d",
			                 EBB_DEMO_DAYS_MIN, EBB_DEMO_DAYS_MAX);
		return 0;
	case 's':
		if (!cli_parse_int(arg, 0, LONG_MAX, &o->seed))
			return cli_usage(o->cli, "--seed is a whole number, 0 or more");
		return 0;
	case 'k':
		return cli_parse_kdf(o->cli, arg, &o->kdf);
	}
	return EX_USAGE;
}

/* The demo's own default path, beside (never at) the real vault's. */
static bool default_path(char *out, size_t size)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (xdg && xdg[0] == '/')
		n = snprintf(out, size, "%s/ebb/demo.ebb", xdg);
	else if (home && *home)
		n = snprintf(out, size, "%s/.local/share/ebb/demo.ebb", home);
	else
		return false;
	return n >= 0 && (size_t)n < size;
}

/* Writes s so that a shell reads it back as one word. */
static void print_word(FILE *f, const char *s)
{
	bool plain = *s != '\0';

	for (const char *p = s; *p && plain; p++)
		plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
		               "/._-+,:@%=",
		               *p) != NULL;
	if (plain) {
		fputs(s, f);
		return;
	}
	fputc('\'', f);
	for (const char *p = s; *p; p++)
		if (*p == '\'')
			fputs("'\\''", f);
		else
			fputc(*p, f);
	fputc('\'', f);
}

/* Removes a demo vault that could not be finished, and SQLite's files beside it. */
static void remove_vault(const char *path)
{
	static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
	char side[PATH_MAX + 16];

	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (snprintf(side, sizeof(side), "%s%s", path, ends[i]) < (int)sizeof(side))
			unlink(side);
}

/* The passphrase: the demo's own, or one given on a descriptor or in a file. */
static int get_pass(struct cli *cli, struct ebb_buf *pass, bool *chosen)
{
	struct ebb_error err = {0};
	const char *file = getenv("EBB_PASSPHRASE_FILE");
	enum ebb_status rc;

	*chosen = cli->pass_fd >= 0 || (file && *file);
	if (!*chosen)
		rc = ebb_buf_adds(pass, EBB_DEMO_PASSPHRASE, &err);
	else
		rc = cli_read_passphrase(cli, cli->pass_fd, "EBB_PASSPHRASE_FILE", 0,
		                         "Passphrase: ", false, pass, &err);
	if (rc != EBB_OK)
		return cli_fail(&err);
	if (pass->len < PASS_MIN)
		return cli_usage(cli, "a passphrase needs at least %d characters", PASS_MIN);
	return 0;
}

static void print_done(const struct cli *cli, const struct opts *o, size_t records, bool chosen)
{
	static const char *const looks[] = {"today", "waves", "insights", "log"};

	if (cli->json) {
		printf("{\"vault\": ");
		cli_json_string(stdout, cli->vault_path);
		printf(", \"passphrase\": ");
		if (chosen)
			printf("null");
		else
			cli_json_string(stdout, EBB_DEMO_PASSPHRASE);
		printf(", \"records\": %zu, \"days\": %ld, \"seed\": %ld}\n", records, o->days,
		       o->seed);
		return;
	}
	printf("A demo vault is ready at %s:\n"
	       "%ld days of a made-up history (%zu records), not anyone's real story.\n\n",
	       cli->vault_path, o->days, records);
	if (chosen)
		printf("  %sPassphrase:%s the one you gave\n\n", cli_color(cli, CLI_BOLD),
		       cli_color(cli, CLI_RESET));
	else
		printf("  %sPassphrase: %s%s\n\n", cli_color(cli, CLI_BOLD), EBB_DEMO_PASSPHRASE,
		       cli_color(cli, CLI_RESET));
	fputs("Have a look (each asks for the passphrase, or run 'unlock' first to keep it\n"
	      "for a while):\n",
	      stdout);
	for (size_t i = 0; i < sizeof(looks) / sizeof(looks[0]); i++) {
		if (ebb_cmd_find(looks[i]) == NULL)
			continue; /* a command this ebb does not have yet */
		fputs("  ebb --vault ", stdout);
		print_word(stdout, cli->vault_path);
		printf(" %s\n", looks[i]);
	}
	fputs("\nYour own vault is not touched. To throw the demo away: rm ", stdout);
	print_word(stdout, cli->vault_path);
	fputc('\n', stdout);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"days", required_argument, NULL, 'd'},
	    {"seed", required_argument, NULL, 's'},
	    {"kdf", required_argument, NULL, 'k'},
	    {0},
	};
	struct opts o = {.cli = cli,
	                 .days = EBB_DEMO_DAYS_DEFAULT,
	                 .seed = EBB_DEMO_SEED,
	                 .kdf = EBB_KDF_INTERACTIVE};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_demo_options d;
	struct ebb_buf pass;
	char before[PATH_MAX];
	const char *env = getenv("EBB_VAULT");
	bool given_before, chosen = false;
	size_t records = 0;
	enum ebb_status rc;
	int64_t now;
	int32_t offset;
	int first, r;

	/* --vault before the command arrives in vault_path, like EBB_VAULT and
	 * the default; only a path that EBB_VAULT did not set counts as given
	 * (so `EBB_VAULT=X ebb --vault X demo` still makes the demo apart) */
	snprintf(before, sizeof(before), "%s", cli->vault_path);
	given_before = cli->vault_given && !(env && *env && strcmp(env, before) == 0);
	cli->vault_given = false;
	r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);
	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "demo takes no arguments; '%s' is extra", argv[first]);
	if (!cli->vault_given && !given_before &&
	    !default_path(cli->vault_path, sizeof(cli->vault_path)))
		return cli_usage(cli,
		                 "cannot tell where to put the demo: set HOME, or give --vault "
		                 "PATH");
	if (access(cli->vault_path, F_OK) == 0)
		return cli_failf(EX_CANTCREAT, "%s already exists; nothing was changed",
		                 cli->vault_path);

	ebb_buf_init_secret(&pass, PASS_MAX);
	r = get_pass(cli, &pass, &chosen);
	if (r != 0) {
		ebb_buf_release(&pass);
		return r;
	}
	now = (int64_t)time(NULL);
	offset = ebb_when_local_offset(now);
	/* the history ends yesterday: nothing in it is later than now */
	ebb_demo_options_init(&d, ebb_date_local_day(now, offset) - 1, offset);
	d.days = (int)o.days;
	d.seed = (uint64_t)o.seed;
	if (!cli->json && o.days > 365)
		fprintf(stderr, "Making %ld days of made-up history...\n", o.days);
	rc = ebb_vault_create(&v, cli->vault_path, pass.data, pass.len, o.kdf, &err);
	ebb_buf_release(&pass);
	if (rc != EBB_OK)
		return cli_fail(&err);
	rc = ebb_demo_fill(v, &d, &records, &err);
	ebb_vault_close(v);
	if (rc != EBB_OK) {
		r = cli_fail(&err);
		remove_vault(cli->vault_path);
		fputs("ebb: the unfinished demo vault was removed\n", stderr);
		return r;
	}
	print_done(cli, &o, records, chosen);
	return 0;
}

const struct ebb_cmd cmd_demo = {
    .name = "demo",
    .usage = "[--days N] [--seed S] [--kdf LEVEL]",
    .summary = "make a demo vault with a made-up history, to look around",
    .help = "Creates a new vault holding a made-up history: check-ins with their waves,\n"
            "urges, the signs, entries, reasons, misses, hard dates, a safety plan. It is\n"
            "marked as a demo, and every command that opens it says so. Your own vault is\n"
            "not touched: the demo goes to $XDG_DATA_HOME/ebb/demo.ebb unless --vault is\n"
            "given, and an existing file is never replaced. Its passphrase is\n"
            "\"" EBB_DEMO_PASSPHRASE "\" unless you give another with --passphrase-fd or\n"
            "EBB_PASSPHRASE_FILE.\n\n"
            "Options:\n"
            "  --days N              how long the history is, 30 to 3650 days (180)\n"
            "  --seed S              another made-up history: the same seed always makes the\n"
            "                        same one\n"
            "  --kdf LEVEL           interactive (default: quick to open) or moderate\n",
    .run = run,
};
