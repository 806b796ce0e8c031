/*
 * cmd-init.c — `ebb init`: create the vault, protected by a passphrase,
 * and remember the day you left.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define PASS_MIN 8

struct opts {
	struct cli *cli;
	const char *left_on, *name, *relationship;
	enum ebb_kdf_level kdf;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'l':
		o->left_on = arg;
		return 0;
	case 'n':
		o->name = arg;
		return 0;
	case 'r':
		if (ebb_word_find(ebb_relationships, arg)) {
			o->relationship = arg;
			return 0;
		}
		return cli_usage(o->cli, "--relationship is one of partner, friend, family, other");
	case 'k':
		return cli_parse_kdf(o->cli, arg, &o->kdf);
	}
	return EX_USAGE;
}

/* Builds the profile body; *body is NULL when there is nothing to keep. */
static int make_profile(struct opts *o, json_t **body, int64_t *at, int32_t *offset)
{
	struct ebb_error err = {0};
	struct ebb_when w;
	char date[16];
	int64_t now = (int64_t)time(NULL);

	*body = NULL;
	*at = now;
	*offset = ebb_when_local_offset(now);
	if (!o->left_on && !o->name && !o->relationship)
		return 0;
	*body = json_object();
	if (*body == NULL)
		return cli_failf(EX_OSERR, "out of memory");
	if (o->left_on) {
		if (ebb_when_parse(&w, o->left_on, now, 0, &err) != EBB_OK)
			return cli_usage(o->cli, "%s", err.msg);
		if (ebb_when_days_between(now, *offset, w.at, w.offset) > 0)
			return cli_usage(o->cli, "--left-on is a day that has not come yet");
		ebb_when_format_date(date, sizeof(date), w.at, w.offset);
		json_object_set_new(*body, "left_on", json_string(date));
	}
	if (o->name)
		json_object_set_new(*body, "name", json_string(o->name));
	if (o->relationship)
		json_object_set_new(*body, "relationship", json_string(o->relationship));
	if (ebb_record_validate("profile", *body, &err) != EBB_OK)
		return cli_usage(o->cli, "%s", err.msg);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"left-on", required_argument, NULL, 'l'},
	    {"name", required_argument, NULL, 'n'},
	    {"relationship", required_argument, NULL, 'r'},
	    {"kdf", required_argument, NULL, 'k'},
	    {0},
	};
	struct opts o = {.cli = cli, .kdf = EBB_KDF_MODERATE};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_buf pass;
	json_t *profile = NULL;
	enum ebb_status rc;
	int64_t at;
	int32_t offset;
	int first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "init takes no arguments; '%s' is extra", argv[first]);
	if (cli->vault_path[0] == '\0')
		return cli_usage(cli,
		                 "cannot tell where the vault lives: set HOME, or give --vault "
		                 "PATH or EBB_VAULT");
	r = make_profile(&o, &profile, &at, &offset);
	if (r != 0)
		goto out;
	if (access(cli->vault_path, F_OK) == 0) {
		r = cli_failf(EX_CANTCREAT, "a vault already exists at %s; nothing was changed",
		              cli->vault_path);
		goto out;
	}

	ebb_buf_init_secret(&pass, 1024);
	if (cli->pass_fd < 0 && !getenv("EBB_PASSPHRASE_FILE"))
		fputs("Choose a passphrase for your vault. Everything you write is encrypted with\n"
		      "it. If it is forgotten, nobody can open the vault, not even ebb: keep it\n"
		      "somewhere safe. A few unrelated words make a strong one.\n",
		      stderr);
	rc = cli_read_passphrase(cli, cli->pass_fd, "EBB_PASSPHRASE_FILE", 0,
	                         "New passphrase: ", true, &pass, &err);
	if (rc == EBB_ERR_NOTFOUND) {
		r = cli_usage(cli, "ebb init needs a passphrase: run it in a terminal, or give "
		                   "--passphrase-fd or EBB_PASSPHRASE_FILE");
	} else if (rc != EBB_OK) {
		r = cli_fail(&err);
	} else if (pass.len < PASS_MIN) {
		r = cli_usage(cli, "a passphrase needs at least %d characters", PASS_MIN);
	} else {
		rc = ebb_vault_create(&v, cli->vault_path, pass.data, pass.len, o.kdf, &err);
		if (rc == EBB_OK && profile)
			rc = ebb_record_add(v, "profile", at, offset, profile, NULL, NULL, &err);
		r = rc == EBB_OK ? 0 : cli_fail(&err);
	}
	ebb_buf_release(&pass);
	if (r == 0) {
		if (cli->json) {
			printf("{\"vault\": ");
			cli_json_string(stdout, cli->vault_path);
			printf("}\n");
		} else {
			printf("Your vault is ready at %s.\n", cli->vault_path);
			fputs(
			    "Check in whenever you like, 0 (light) to 10 (heaviest): ebb checkin "
			    "4\n"
			    "Writing never needs your passphrase; reading does, or 'ebb unlock'.\n",
			    stdout);
		}
	}
out:
	json_decref(profile);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_init = {
    .name = "init",
    .usage = "[--left-on DATE] [--name NAME] [--relationship KIND] [--kdf LEVEL]",
    .summary = "create your vault, protected by a passphrase",
    .help = "Creates the encrypted vault and asks for a passphrase twice. Nothing is\n"
            "written if the two differ or a vault already exists.\n\n"
            "Options:\n"
            "  --left-on DATE        the day you left (2026-03-04, yesterday, 3 days ago...)\n"
            "  --name NAME           who you left, if you want to name them\n"
            "  --relationship KIND   partner, friend, family or other\n"
            "  --kdf LEVEL           moderate (default) or interactive (faster, for tests\n"
            "                        and weak machines)\n",
    .run = run,
};
