/*
 * cmd-delete.c — `ebb delete ID [--yes]`: removes a record for good. The
 * core writes a deleted version and wipes the words of every earlier one,
 * so nothing of it can be read back, not even from an export.
 *
 * On a terminal it shows the record's line and asks first; without a
 * terminal it deletes only with --yes, so a script cannot delete by
 * accident.
 */
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "record.h"

struct opts {
	bool yes;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	(void)arg;
	if (c != 'y')
		return EX_USAGE;
	o->yes = true;
	return 0;
}

/* Asks on the terminal; true for y or yes (any case). */
static bool confirm(void)
{
	struct ebb_buf answer;
	bool yes = false;
	const char *a;

	ebb_buf_init(&answer, 256);
	if (cli_ask("Delete this? It cannot be brought back. [y/N] ", &answer) == 0) {
		a = answer.data + strspn(answer.data, " \t");
		yes = strcasecmp(a, "y") == 0 || strcasecmp(a, "yes") == 0 ||
		      strncasecmp(a, "y ", 2) == 0 || strncasecmp(a, "yes ", 4) == 0;
	}
	ebb_buf_release(&answer);
	return yes;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"yes", no_argument, NULL, 'y'},
	    {0},
	};
	struct opts o = {0};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_record rec = {0};
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR];
	int first, r = cli_getopt(cli, argc, argv, "y", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first >= argc)
		return cli_usage(cli, "say which record: ebb delete ID (the id 'ebb log' shows)");
	if (first + 1 < argc)
		return cli_usage(cli, "delete takes one id; '%s' is extra", argv[first + 1]);
	if (!o.yes && !cli_interactive())
		return cli_usage(cli, "there is no terminal to ask on, so nothing was deleted: "
		                      "add --yes to delete without asking");
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r == 0)
		r = cli_resolve(v, argv[first], id);
	if (r == 0 && ebb_record_get(v, id, &rec, &err) != EBB_OK)
		r = cli_fail(&err);
	if (r != 0)
		goto done;
	ebb_id_format(ids, id);
	if (rec.deleted) {
		r = cli_failf(EX_NOINPUT, "record %s was already deleted", ids);
		goto done;
	}
	if (!o.yes) {
		cli_print_summary(cli, &rec);
		if (!confirm()) {
			puts("Kept; nothing was deleted.");
			goto done;
		}
	}
	if (ebb_record_delete(v, id, &err) != EBB_OK) {
		r = cli_fail(&err);
		goto done;
	}
	if (cli->json)
		printf("{\"id\": \"%s\", \"deleted\": true}\n", ids);
	else
		puts("Deleted. Its words are gone from every version.");
done:
	ebb_record_clear(&rec);
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_delete = {
    .name = "delete",
    .usage = "ID [--yes]",
    .summary = "delete a record for good",
    .help = "Deletes one record: its words are wiped from every version, and it cannot\n"
            "be brought back. On a terminal it shows the record and asks first. Without\n"
            "a terminal it needs --yes. ID is the one 'ebb log' shows, or the full id.\n"
            "Deleting needs the vault unlocked: the kept key, or the passphrase.\n\n"
            "Options:\n"
            "  -y, --yes     delete without asking\n"
            "  --json        print {\"id\": ..., \"deleted\": true}\n",
    .run = run,
};
