/*
 * crash-writer.c — the writer and the checker of the crash test (crash.sh).
 *
 *   crash-writer init   VAULT LOG         create VAULT (interactive KDF) and an empty LOG
 *   crash-writer write  VAULT LOG [SEED]  write check-ins until killed
 *   crash-writer verify VAULT LOG PASSFILE
 *
 * The writer goes through the public core API only, as a face would: check-ins
 * added while unlocked (ebb_record_add into the records), added while locked
 * (sealed into the inbox), folds, updates and, rarely, a passphrase change.
 * Each time a call returns EBB_OK, it appends a line to LOG (a plain file, not
 * the vault) with write() and fsync(), so LOG only ever claims what ebb has
 * acknowledged. crash.sh kills the writer with SIGKILL at a random moment and
 * then runs verify, which demands that everything LOG claims is in the vault.
 *
 * LOG lines (the note is the rest of the line and never holds a newline):
 *   A ID INTENSITY NOTE   added unlocked, acknowledged
 *   Q ID INTENSITY NOTE   added locked (queued in the inbox), acknowledged
 *   u ID INTENSITY NOTE   about to update ID to this body
 *   U ID INTENSITY NOTE   the update was acknowledged
 *   F N                   a fold moved N entries
 *   p PASS                about to change the passphrase to PASS
 *   P PASS                the change was acknowledged (or found done later)
 * An intent line (u, p) without its acknowledgement means the writer died in
 * between: the vault may hold either the old or the new state, and both are
 * accepted until a later acknowledgement settles it.
 *
 * The initial passphrase comes from $EBB_CRASH_PASSPHRASE (default below).
 * The keyring is never used. Exit status: 0 ok, 1 a check failed, 2 usage or
 * an unexpected failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crypto.h"
#include "error.h"
#include "record.h"
#include "vault.h"

#define DEFAULT_PASS "crash-test passphrase, only test data"
#define PASS_MAX     128
#define NOTE_MAX     256

/* What the log says one record should hold. */
struct expect {
	uint8_t id[EBB_ID_BYTES];
	char kind;   /* 'A' or 'Q': how it was first written */
	bool folded; /* known to be in the records (safe to update) */
	int intensity;
	char note[NOTE_MAX];
	bool has_alt; /* an unacknowledged update may have landed */
	int alt_intensity;
	char alt_note[NOTE_MAX];
};

struct state {
	const char *vault_path;
	const char *log_path;
	int log_fd;
	struct expect *e;
	size_t n, cap;
	size_t acks; /* acknowledged writes in the log (A, Q, U, P lines) */
	char pass[PASS_MAX];
	char pending[PASS_MAX]; /* a passphrase change of unknown outcome */
	bool has_pending;
	struct ebb_vault *v;
	uint8_t *key; /* a copy of the vault key once unlocked (secret memory) */
	uint64_t rng;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("crash-writer: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (failures++ >= 20)
		return;
	fputs("crash-writer: LOSS: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static uint64_t next_rand(struct state *s)
{
	/* xorshift64*: reproducible from the seed */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return s->rng * 2685821657736338717ULL;
}

static unsigned pick(struct state *s, unsigned n)
{
	return (unsigned)(next_rand(s) >> 33) % n;
}

/* ---- the acknowledgement log ------------------------------------------- */

/* Appends one line and waits until it is on the disk. */
static void ack(struct state *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ack(struct state *s, const char *fmt, ...)
{
	char line[PASS_MAX + NOTE_MAX + 64];
	va_list ap;
	size_t len, off = 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(line) - 1)
		die("log line too long");
	len = (size_t)n;
	line[len++] = '\n';
	while (off < len) {
		ssize_t w = write(s->log_fd, line + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("cannot write %s: %s", s->log_path, strerror(errno));
		off += (size_t)w;
	}
	if (fsync(s->log_fd) != 0)
		die("cannot fsync %s: %s", s->log_path, strerror(errno));
}

static struct expect *find(struct state *s, const uint8_t id[EBB_ID_BYTES])
{
	for (size_t i = s->n; i-- > 0;)
		if (memcmp(s->e[i].id, id, EBB_ID_BYTES) == 0)
			return &s->e[i];
	return NULL;
}

static struct expect *push(struct state *s)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct expect *e = realloc(s->e, cap * sizeof(*e));
		if (e == NULL)
			die("out of memory");
		s->e = e;
		s->cap = cap;
	}
	memset(&s->e[s->n], 0, sizeof(s->e[0]));
	return &s->e[s->n++];
}

static void copy_text(char *dst, size_t cap, const char *src, const char *what)
{
	size_t n = strlen(src);

	if (n >= cap)
		die("log: %s too long", what);
	memcpy(dst, src, n + 1);
}

/* Parses "ID INTENSITY NOTE" (NOTE may be empty). */
static void parse_body(char *rest, uint8_t id[EBB_ID_BYTES], int *intensity, const char **note,
                       size_t lineno)
{
	char *sp = strchr(rest, ' ');
	char *end;
	long v;

	if (sp == NULL)
		die("log line %zu is malformed", lineno);
	*sp = '\0';
	if (!ebb_id_parse(id, rest))
		die("log line %zu has a bad id", lineno);
	errno = 0;
	v = strtol(sp + 1, &end, 10);
	if (errno != 0 || end == sp + 1 || v < 0 || v > 10 || (*end != ' ' && *end != '\0'))
		die("log line %zu has a bad intensity", lineno);
	*intensity = (int)v;
	*note = *end == ' ' ? end + 1 : end;
}

/*
 * Reads the log into s. A last line without its newline was cut short by
 * the kill before its write finished, so it was never acknowledged: it is
 * cut off the file, and later lines start clean.
 */
static void load_log(struct state *s)
{
	FILE *f;
	char *buf, *line, *next;
	long size;
	size_t len, lineno = 0, keep;
	const char *env = getenv("EBB_CRASH_PASSPHRASE");

	copy_text(s->pass, sizeof(s->pass), env && *env ? env : DEFAULT_PASS, "passphrase");
	s->log_fd = open(s->log_path, O_RDWR | O_APPEND | O_CLOEXEC);
	if (s->log_fd < 0)
		die("cannot open %s: %s", s->log_path, strerror(errno));
	f = fdopen(dup(s->log_fd), "r");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0)
		die("cannot read %s", s->log_path);
	len = (size_t)size;
	buf = malloc(len + 1);
	if (buf == NULL || fread(buf, 1, len, f) != len)
		die("cannot read %s", s->log_path);
	fclose(f);
	buf[len] = '\0';
	keep = len;
	while (keep > 0 && buf[keep - 1] != '\n')
		keep--;
	if (keep != len) {
		fprintf(stderr, "crash-writer: dropping a torn last log line (%zu bytes)\n",
		        len - keep);
		if (ftruncate(s->log_fd, (off_t)keep) != 0 || fsync(s->log_fd) != 0)
			die("cannot truncate %s: %s", s->log_path, strerror(errno));
		buf[keep] = '\0';
	}

	for (line = buf; *line; line = next) {
		struct expect *e;
		uint8_t id[EBB_ID_BYTES];
		int intensity;
		const char *note;
		char op = line[0];

		next = strchr(line, '\n');
		*next++ = '\0';
		lineno++;
		if (op == '\0' || line[1] != ' ')
			die("log line %zu is malformed", lineno);
		switch (op) {
		case 'A':
		case 'Q':
			parse_body(line + 2, id, &intensity, &note, lineno);
			if (find(s, id))
				die("log line %zu: id written twice", lineno);
			e = push(s);
			memcpy(e->id, id, EBB_ID_BYTES);
			e->kind = op;
			e->folded = true; /* verify folds between rounds */
			e->intensity = intensity;
			copy_text(e->note, sizeof(e->note), note, "note");
			s->acks++;
			break;
		case 'u':
		case 'U':
			parse_body(line + 2, id, &intensity, &note, lineno);
			e = find(s, id);
			if (e == NULL)
				die("log line %zu updates an unknown id", lineno);
			if (op == 'u') {
				e->has_alt = true;
				e->alt_intensity = intensity;
				copy_text(e->alt_note, sizeof(e->alt_note), note, "note");
			} else {
				e->has_alt = false;
				e->intensity = intensity;
				copy_text(e->note, sizeof(e->note), note, "note");
				s->acks++;
			}
			break;
		case 'p':
			copy_text(s->pending, sizeof(s->pending), line + 2, "passphrase");
			s->has_pending = true;
			break;
		case 'P':
			copy_text(s->pass, sizeof(s->pass), line + 2, "passphrase");
			s->has_pending = false;
			s->acks++;
			break;
		case 'F':
			break;
		default:
			die("log line %zu is malformed", lineno);
		}
	}
	free(buf);
}

/* ---- the vault ---------------------------------------------------------- */

static void open_vault(struct state *s)
{
	struct ebb_error err = {0};

	if (ebb_vault_open(&s->v, s->vault_path, &err) != EBB_OK)
		die("open: %s", err.msg);
}

/*
 * Unlocks with the current passphrase or, when a change may have landed
 * unacknowledged, the pending one; settles the log either way. Returns
 * false (after reporting) when neither opens the vault.
 */
static bool unlock_passphrase(struct state *s)
{
	struct ebb_error err = {0};
	enum ebb_status rc = ebb_vault_unlock(s->v, s->pass, strlen(s->pass), &err);

	if (rc == EBB_ERR_PASSPHRASE && s->has_pending) {
		rc = ebb_vault_unlock(s->v, s->pending, strlen(s->pending), &err);
		if (rc == EBB_OK)
			memcpy(s->pass, s->pending, sizeof(s->pass));
	}
	if (rc == EBB_ERR_PASSPHRASE) {
		fail("no known passphrase opens the vault: %s", err.msg);
		return false;
	}
	if (rc != EBB_OK)
		die("unlock: %s", err.msg);
	if (s->has_pending) {
		ack(s, "P %s", s->pass);
		s->has_pending = false;
	}
	return true;
}

static void ensure_unlocked(struct state *s)
{
	struct ebb_error err = {0};

	if (ebb_vault_is_unlocked(s->v))
		return;
	if (s->key) {
		if (ebb_vault_unlock_key(s->v, s->key, &err) != EBB_OK)
			die("unlock with the kept key: %s", err.msg);
		return;
	}
	if (!unlock_passphrase(s))
		exit(1);
	s->key = ebb_secret_alloc(EBB_KEY_BYTES);
	if (s->key == NULL)
		die("out of memory");
	memcpy(s->key, ebb_vault_key(s->v), EBB_KEY_BYTES);
}

static json_t *checkin_body(int intensity, const char *note)
{
	json_t *b = json_pack("{s:i, s:s}", "intensity", intensity, "note", note);

	if (b == NULL)
		die("out of memory");
	return b;
}

/* ---- init --------------------------------------------------------------- */

static int cmd_init(struct state *s)
{
	struct ebb_error err = {0};
	const char *env = getenv("EBB_CRASH_PASSPHRASE");
	const char *pass = env && *env ? env : DEFAULT_PASS;
	int fd;

	if (ebb_vault_create(&s->v, s->vault_path, pass, strlen(pass), EBB_KDF_INTERACTIVE, &err) !=
	    EBB_OK)
		die("create: %s", err.msg);
	ebb_vault_close(s->v);
	s->v = NULL;
	fd = open(s->log_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || fsync(fd) != 0 || close(fd) != 0)
		die("cannot create %s: %s", s->log_path, strerror(errno));
	return 0;
}

/* ---- write: runs until killed ------------------------------------------- */

static void write_add(struct state *s, bool locked, unsigned seq)
{
	struct ebb_error err = {0};
	uint8_t id[EBB_ID_BYTES];
	char ids[EBB_ID_STR], note[NOTE_MAX];
	int intensity = (int)pick(s, 11);
	bool queued = false;
	struct expect *e;
	json_t *body;

	if (locked)
		ebb_vault_lock(s->v);
	else
		ensure_unlocked(s);
	snprintf(note, sizeof(note), "w%u \"%016llx\" \\ s\xc3\xa5 tung i dag \xe2\x80\x94 %s", seq,
	         (unsigned long long)next_rand(s), locked ? "locked" : "unlocked");
	body = checkin_body(intensity, note);
	if (ebb_record_add(s->v, "checkin", (int64_t)time(NULL), 0, body, id, &queued, &err) !=
	    EBB_OK)
		die("add (%s): %s", locked ? "locked" : "unlocked", err.msg);
	json_decref(body);
	if (queued != locked)
		die("add: queued is %d for a %s vault", queued, locked ? "locked" : "unlocked");
	ebb_id_format(ids, id);
	ack(s, "%c %s %d %s", locked ? 'Q' : 'A', ids, intensity, note);
	e = push(s);
	memcpy(e->id, id, EBB_ID_BYTES);
	e->kind = locked ? 'Q' : 'A';
	e->folded = !locked;
	e->intensity = intensity;
	copy_text(e->note, sizeof(e->note), note, "note");
}

static void write_fold(struct state *s)
{
	struct ebb_error err = {0};
	size_t folded = 0;

	ensure_unlocked(s);
	if (ebb_vault_fold(s->v, &folded, &err) != EBB_OK)
		die("fold: %s", err.msg);
	for (size_t i = 0; i < s->n; i++)
		s->e[i].folded = true;
	ack(s, "F %zu", folded);
}

static void write_update(struct state *s, unsigned seq)
{
	struct ebb_error err = {0};
	struct expect *e = NULL;
	char ids[EBB_ID_STR], note[NOTE_MAX];
	int intensity = (int)pick(s, 11);
	json_t *body;

	for (int tries = 0; tries < 8 && s->n > 0; tries++) {
		struct expect *c = &s->e[pick(s, (unsigned)s->n)];
		if (c->folded) {
			e = c;
			break;
		}
	}
	if (e == NULL)
		return;
	ensure_unlocked(s);
	ebb_id_format(ids, e->id);
	snprintf(note, sizeof(note), "edited w%u %016llx", seq, (unsigned long long)next_rand(s));
	ack(s, "u %s %d %s", ids, intensity, note);
	body = checkin_body(intensity, note);
	if (ebb_record_update(s->v, e->id, body, NULL, NULL, &err) != EBB_OK)
		die("update %s: %s", ids, err.msg);
	json_decref(body);
	ack(s, "U %s %d %s", ids, intensity, note);
	e->intensity = intensity;
	copy_text(e->note, sizeof(e->note), note, "note");
}

static void write_passwd(struct state *s, unsigned seq)
{
	struct ebb_error err = {0};
	char pass[PASS_MAX];

	ensure_unlocked(s);
	snprintf(pass, sizeof(pass), "crash pass %016llx-%u", (unsigned long long)next_rand(s),
	         seq);
	ack(s, "p %s", pass);
	if (ebb_vault_passwd(s->v, pass, strlen(pass), EBB_KDF_INTERACTIVE, &err) != EBB_OK)
		die("passwd: %s", err.msg);
	ack(s, "P %s", pass);
	memcpy(s->pass, pass, sizeof(s->pass));
}

static int cmd_write(struct state *s, const char *seed)
{
	char *end;
	bool changed = false;
	time_t until = time(NULL) + 60; /* a safety net: crash.sh kills it long before */

	if (seed) {
		errno = 0;
		s->rng = strtoull(seed, &end, 0);
		if (errno || *end)
			die("bad seed '%s'", seed);
	} else {
		s->rng = (uint64_t)time(NULL) * 2654435761u ^ (uint64_t)getpid();
	}
	if (s->rng == 0)
		s->rng = 1;
	load_log(s);
	open_vault(s);
	for (unsigned seq = 0;; seq++) {
		unsigned r = pick(s, 1000);

		if (time(NULL) > until)
			die("was not killed within a minute");
		if (r < 420)
			write_add(s, false, seq);
		else if (r < 780)
			write_add(s, true, seq);
		else if (r < 860)
			write_fold(s);
		else if (r < 995 || changed)
			write_update(s, seq);
		else {
			write_passwd(s, seq); /* Argon2: keep it rare, once a run */
			changed = true;
		}
	}
}

/* ---- verify -------------------------------------------------------------- */

struct found {
	uint8_t id[EBB_ID_BYTES];
	int intensity;
	char *note;
};

struct found_list {
	struct found *f;
	size_t n, cap;
	size_t bad;
};

static enum ebb_status collect(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct found_list *l = ctx;
	const json_t *in = json_object_get(r->body, "intensity");
	const char *note = json_string_value(json_object_get(r->body, "note"));
	struct found *f;
	char ids[EBB_ID_STR];

	(void)err;
	ebb_id_format(ids, r->id);
	if (strcmp(r->kind, "checkin") != 0 || !json_is_integer(in)) {
		fail("record %s is not a check-in", ids);
		return EBB_OK;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 1024;
		struct found *nf = realloc(l->f, cap * sizeof(*nf));
		if (nf == NULL)
			die("out of memory");
		l->f = nf;
		l->cap = cap;
	}
	f = &l->f[l->n++];
	memcpy(f->id, r->id, EBB_ID_BYTES);
	f->intensity = (int)json_integer_value(in);
	f->note = strdup(note ? note : "");
	if (f->note == NULL)
		die("out of memory");
	return EBB_OK;
}

static int cmp_found(const void *a, const void *b)
{
	return memcmp(((const struct found *)a)->id, ((const struct found *)b)->id, EBB_ID_BYTES);
}

static bool same(const struct found *f, int intensity, const char *note)
{
	return f->intensity == intensity && strcmp(f->note, note) == 0;
}

static void write_passfile(const char *path, const char *pass)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t len = strlen(pass);

	if (fd < 0 || write(fd, pass, len) != (ssize_t)len || write(fd, "\n", 1) != 1 ||
	    close(fd) != 0)
		die("cannot write %s: %s", path, strerror(errno));
}

static int cmd_verify(struct state *s, const char *passfile)
{
	struct ebb_error err = {0};
	struct found_list l = {0};
	struct ebb_query q;
	size_t folded = 0, inbox = 0, matched = 0;
	enum ebb_status rc;

	load_log(s);
	open_vault(s);
	if (!unlock_passphrase(s))
		return 1;
	write_passfile(passfile, s->pass);

	/* entries acknowledged while locked join the records */
	rc = ebb_vault_fold(s->v, &folded, &err);
	if (rc != EBB_OK)
		fail("fold: %s", err.msg);
	if (ebb_vault_inbox_count(s->v, &inbox, &err) != EBB_OK)
		die("inbox count: %s", err.msg);
	if (inbox != 0)
		fail("%zu inbox entries remain after the fold", inbox);

	/* every record decrypts: ebb_record_each stops at the first that does not */
	ebb_query_init(&q);
	q.all_revisions = false;
	rc = ebb_record_each(s->v, &q, collect, &l, &err);
	if (rc != EBB_OK)
		fail("reading the records: %s", err.msg);
	qsort(l.f, l.n, sizeof(l.f[0]), cmp_found);

	for (size_t i = 0; i < s->n; i++) {
		const struct expect *e = &s->e[i];
		struct found key, *f;
		char ids[EBB_ID_STR];

		memcpy(key.id, e->id, EBB_ID_BYTES);
		f = bsearch(&key, l.f, l.n, sizeof(l.f[0]), cmp_found);
		ebb_id_format(ids, e->id);
		if (f == NULL) {
			fail("acknowledged record %s (%s) is missing", ids,
			     e->kind == 'Q' ? "written locked" : "written unlocked");
			continue;
		}
		if (same(f, e->intensity, e->note) ||
		    (e->has_alt && same(f, e->alt_intensity, e->alt_note))) {
			matched++;
			continue;
		}
		fail("record %s holds %d \"%s\", acknowledged %d \"%s\"", ids, f->intensity,
		     f->note, e->intensity, e->note);
	}
	printf("verified %zu acknowledged writes: %zu of %zu acknowledged records intact, "
	       "%zu records in the vault, %zu folded now\n",
	       s->acks, matched, s->n, l.n, folded);
	for (size_t i = 0; i < l.n; i++)
		free(l.f[i].note);
	free(l.f);
	if (failures)
		fprintf(stderr, "crash-writer: %d problem(s)\n", failures);
	return failures ? 1 : 0;
}

static void usage(void)
{
	fputs("usage: crash-writer init VAULT LOG\n"
	      "       crash-writer write VAULT LOG [SEED]\n"
	      "       crash-writer verify VAULT LOG PASSFILE\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct ebb_error err = {0};
	struct state s = {.log_fd = -1};
	int r;

	if (argc < 4)
		usage();
	if (ebb_crypto_init(&err) != EBB_OK)
		die("%s", err.msg);
	s.vault_path = argv[2];
	s.log_path = argv[3];
	if (strcmp(argv[1], "init") == 0 && argc == 4)
		r = cmd_init(&s);
	else if (strcmp(argv[1], "write") == 0 && argc <= 5)
		r = cmd_write(&s, argc == 5 ? argv[4] : NULL);
	else if (strcmp(argv[1], "verify") == 0 && argc == 5)
		r = cmd_verify(&s, argv[4]);
	else
		usage();
	ebb_secret_free(s.key);
	ebb_vault_close(s.v);
	free(s.e);
	if (s.log_fd >= 0)
		close(s.log_fd);
	return r;
}
