/*
 * cmd-export.c — `ebb export json [-o FILE]`: every record and every
 * revision, decrypted, as one JSON document that a later `ebb import` can
 * read back. The output is plaintext: it goes where the person says.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "record.h"
#include "when.h"

struct opts {
	struct cli *cli;
	const char *out;
};

struct sink {
	FILE *f;
	size_t count;
};

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	if (c != 'o')
		return EX_USAGE;
	o->out = arg;
	return 0;
}

static enum ebb_status put_record(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct sink *s = ctx;
	char ids[EBB_ID_STR], when[40];
	json_t *o = json_object();

	if (o == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
	ebb_id_format(ids, r->id);
	ebb_when_format_iso(when, sizeof(when), r->at, r->offset);
	json_object_set_new(o, "id", json_string(ids));
	json_object_set_new(o, "rev", json_integer(r->rev));
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "at", json_string(when));
	json_object_set_new(o, "at_unix", json_integer(r->at));
	json_object_set_new(o, "utc_offset", json_integer(r->offset));
	json_object_set_new(o, "deleted", json_boolean(r->deleted));
	json_object_set(o, "body", r->body ? r->body : json_null());
	if (r->wiped)
		json_object_set_new(o, "wiped", json_true());
	fputs(s->count++ ? ",\n    " : "\n    ", s->f);
	json_dumpf(o, s->f, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (ferror(s->f))
		return ebb_error_set(err, EBB_ERR_IO, "cannot write the export: %s",
		                     strerror(errno));
	return EBB_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {0},
	};
	struct opts o = {.cli = cli};
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	struct ebb_query q;
	struct sink s = {.f = stdout};
	char tmp[PATH_MAX + 16], ids[EBB_ID_STR], now[40];
	int64_t t = (int64_t)time(NULL);
	int fd = -1, first, r = cli_getopt(cli, argc, argv, "o:", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first >= argc)
		return cli_usage(cli, "say which format: ebb export json");
	if (strcmp(argv[first], "json") != 0)
		return cli_usage(cli, "ebb exports 'json'; '%s' is not a format it writes",
		                 argv[first]);
	if (first + 1 < argc)
		return cli_usage(cli, "'%s' is extra", argv[first + 1]);
	if (o.out && access(o.out, F_OK) == 0)
		return cli_failf(EX_CANTCREAT, "%s already exists; choose another name", o.out);
	r = cli_open(cli, &v);
	if (r == 0)
		r = cli_unlock_read(cli, v);
	if (r != 0)
		goto done;
	if (o.out) {
		if (snprintf(tmp, sizeof(tmp), "%s.partial", o.out) >= (int)sizeof(tmp)) {
			r = cli_usage(cli, "the output path is too long");
			goto done;
		}
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || (s.f = fdopen(fd, "w")) == NULL) {
			r = cli_failf(EX_CANTCREAT, "cannot create %s: %s", tmp, strerror(errno));
			if (fd >= 0)
				close(fd);
			unlink(tmp);
			goto done;
		}
	}
	ebb_id_format(ids, ebb_vault_id(v));
	ebb_when_format_iso(now, sizeof(now), t, ebb_when_local_offset(t));
	fprintf(s.f,
	        "{\n  \"format\": \"ebb-export\",\n  \"version\": 1,\n  \"vault_id\": \"%s\",\n"
	        "  \"exported_at\": \"%s\",\n  \"records\": [",
	        ids, now);
	ebb_query_init(&q);
	q.all_revisions = true;
	q.with_deleted = true;
	if (ebb_record_each(v, &q, put_record, &s, &err) != EBB_OK)
		r = cli_fail(&err);
	/* on an error the document is left unclosed, so it cannot pass for whole */
	if (r == 0)
		fputs(s.count ? "\n  ]\n}\n" : "]\n}\n", s.f);
	if (fflush(s.f) != 0 || (o.out && fsync(fileno(s.f)) != 0)) {
		if (r == 0)
			r = cli_failf(EX_IOERR, "cannot write the export: %s", strerror(errno));
	}
	if (o.out) {
		fclose(s.f);
		if (r == 0 && link(tmp, o.out) != 0)
			r = cli_failf(EX_CANTCREAT, "cannot create %s: %s", o.out, strerror(errno));
		unlink(tmp);
		if (r == 0 && !cli->json)
			fprintf(stderr,
			        "Exported %zu records to %s. It is not encrypted: keep it "
			        "somewhere private.\n",
			        s.count, o.out);
	}
done:
	ebb_vault_close(v);
	return r;
}

const struct ebb_cmd cmd_export = {
    .name = "export",
    .usage = "json [-o FILE]",
    .summary = "write every record, decrypted, as JSON",
    .help = "Writes every record with all its revisions as JSON, to standard output or\n"
            "to FILE (created private, mode 0600; an existing file is never replaced).\n"
            "The export is NOT encrypted: keep it somewhere only you can reach.\n\n"
            "Options:\n"
            "  -o, --output FILE   write to FILE instead of standard output\n",
    .run = run,
};
