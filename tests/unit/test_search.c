/*
 * test_search.c — unit tests for src/core/search.c: parsing a query into
 * folded words and "quoted phrases", and finding the records whose text
 * fields hold every one of them, with where the first one matched.
 *
 * What a person would notice if these broke: `ebb search` missing a record
 * because of an accent or a capital, matching a phrase whose words are
 * apart, matching when only some words are there, showing a deleted
 * record, or highlighting the wrong place.
 *
 * One vault (EBB_KDF_INTERACTIVE, in a temp dir removed afterwards) holds
 * a fixed set of records of every kind with text, shared by the tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto.h"
#include "record.h"
#include "search.h"
#include "vault.h"

static const char PASS[] = "correct horse battery staple";

#define AT0  INT64_C(1772654400) /* 2026-03-04T20:00:00Z */
#define HOUR INT64_C(3600)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

#define EXPECT_OK(expr, err)                                                                       \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			fail_msg("%s failed (%d): %s", #expr, (int)rc_, (err).msg);                \
	} while (0)

struct fx {
	char dir[64];
	char path[PATH_MAX];
	struct ebb_vault *v;
	uint8_t deleted_id[EBB_ID_BYTES];
};

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

/* Adds a record of kind at AT0 + hours with the body given as JSON text. */
static void add(struct fx *f, const char *kind, int hours, const char *json, uint8_t *id)
{
	struct ebb_error err = {0};
	json_error_t jerr;
	json_t *body = json_loads(json, 0, &jerr);

	if (body == NULL)
		fail_msg("bad JSON in test: %s: %s", json, jerr.text);
	EXPECT_OK(ebb_record_add(f->v, kind, AT0 + hours * HOUR, 3600, body, id, NULL, &err), err);
	json_decref(body);
}

static int setup_vault(void **state)
{
	struct ebb_error err = {0};
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL || ebb_crypto_init(&err) != EBB_OK)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-search-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/vault.ebb", f->dir);
	if (ebb_vault_create(&f->v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err) !=
	    EBB_OK) {
		nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		free(f);
		return -1;
	}
	*state = f;
	add(f, "checkin", 0, "{\"intensity\": 6, \"note\": \"We sat in the CAFÉ on Main street\"}",
	    NULL);
	add(f, "entry", 1,
	    "{\"text\": \"Last summer was long. I miss the café.\", \"title\": \"Straße\","
	    " \"prompt\": \"lessons\", \"tags\": [\"summer\", \"Rain\"],"
	    " \"answers\": {\"needs\": \"quiet mornings\", \"values\": \"honesty\"}}",
	    NULL);
	add(f, "reason", 2, "{\"text\": \"He never listened\"}", NULL);
	add(f, "date", 3, "{\"date\": \"2026-05-01\", \"label\": \"Their birthday\"}", NULL);
	add(f, "plan", 4, "{\"people\": \"call Ana\", \"safe\": \"give the keys back\"}", NULL);
	add(f, "urge", 5, "{\"for\": \"text\", \"note\": \"wanted to write about last summer\"}",
	    NULL);
	add(f, "checkin", 6, "{\"intensity\": 3, \"note\": \"a cafe I will delete\"}",
	    f->deleted_id);
	add(f, "profile", 7, "{\"name\": \"Zoë\", \"left_on\": \"2025-12-01\"}", NULL);
	add(f, "checkin", 8, "{\"intensity\": 2, \"feelings\": [\"calm\"]}", NULL);
	add(f, "miss", 9, "{\"text\": \"ΟΔΟΣ and Ёлка\"}", NULL);
	EXPECT_OK(ebb_record_delete(f->v, f->deleted_id, &err), err);
	return 0;
}

static int setup_crypto(void **state)
{
	struct ebb_error err = {0};

	*state = NULL;
	return ebb_crypto_init(&err) == EBB_OK ? 0 : -1;
}

static int teardown_vault(void **state)
{
	struct fx *f = *state;

	if (f == NULL)
		return 0;
	ebb_vault_close(f->v);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* What a search found: each record's kind and hit, in order. */
#define MAX_HITS 16
struct found {
	size_t n;
	char kind[MAX_HITS][EBB_KIND_MAX];
	char field[MAX_HITS][32];
	char covered[MAX_HITS][64]; /* the source text of the first term's match */
	int64_t at[MAX_HITS];
	size_t stop_after; /* 0: never stop */
};

static enum ebb_status collect_hit(const struct ebb_record *r, const struct ebb_search_hit *hit,
                                   void *ctx, struct ebb_error *err)
{
	struct found *fd = ctx;
	size_t n = fd->n;

	assert_true(n < MAX_HITS);
	assert_non_null(r->body);
	assert_non_null(hit->field);
	assert_non_null(hit->text);
	assert_true(hit->start < hit->end);
	assert_true(hit->end <= strlen(hit->text));
	assert_true(hit->end - hit->start < sizeof(fd->covered[0]));
	snprintf(fd->kind[n], sizeof(fd->kind[n]), "%s", r->kind);
	snprintf(fd->field[n], sizeof(fd->field[n]), "%s", hit->field);
	memcpy(fd->covered[n], hit->text + hit->start, hit->end - hit->start);
	fd->covered[n][hit->end - hit->start] = '\0';
	fd->at[n] = r->at;
	fd->n++;
	if (fd->stop_after && fd->n == fd->stop_after)
		return ebb_error_set(err, EBB_ERR_INTERNAL, "stopped by the test");
	return EBB_OK;
}

/* Searches the fixture with query (default query: oldest first). */
static void run_search(struct fx *f, const struct ebb_query *q, const char *query, struct found *fd)
{
	struct ebb_search_terms t;
	struct ebb_query all;
	struct ebb_error err = {0};

	if (q == NULL) {
		ebb_query_init(&all);
		q = &all;
	}
	memset(fd, 0, sizeof(*fd));
	EXPECT_OK(ebb_search_terms_parse(&t, query, &err), err);
	EXPECT_OK(ebb_search(f->v, q, &t, collect_hit, fd, &err), err);
	ebb_search_terms_release(&t);
}

/* Checks a query parses into exactly the folded terms given (NULL-ended). */
static void expect_terms(const char *query, const char *const *want)
{
	struct ebb_search_terms t;
	struct ebb_error err = {0};
	size_t n = 0;

	EXPECT_OK(ebb_search_terms_parse(&t, query, &err), err);
	while (want[n])
		n++;
	assert_int_equal(t.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(t.term[i], want[i]);
		assert_int_equal(t.len[i], strlen(want[i]));
	}
	ebb_search_terms_release(&t);
	assert_int_equal(t.n, 0);
}

/* Checks a query is refused with EBB_ERR_INVALID and a message matching. */
static void expect_refused(const char *query, const char *msg_part)
{
	struct ebb_search_terms t;
	struct ebb_error err = {0};

	assert_int_equal(ebb_search_terms_parse(&t, query, &err), EBB_ERR_INVALID);
	assert_int_equal(t.n, 0);
	if (strstr(err.msg, msg_part) == NULL)
		fail_msg("message '%s' does not say '%s'", err.msg, msg_part);
}

/* ---------------------------------------------------------------------- */
/* Parsing queries                                                         */

static void test_parse_words(void **state)
{
	(void)state;
	expect_terms("cafe", (const char *const[]){"cafe", NULL});
	expect_terms("  CAFÉ   Straße\t\r\nÆ ",
	             (const char *const[]){"cafe", "strasse", "ae", NULL});
	expect_terms("ΟΔΟΣ", (const char *const[]){"οδοσ", NULL});
}

static void test_parse_phrases(void **state)
{
	(void)state;
	expect_terms("\"last summer\"", (const char *const[]){"last summer", NULL});
	expect_terms("\"Last  Summer\" rain", (const char *const[]){"last  summer", "rain", NULL});
	expect_terms("rain \"last summer\"", (const char *const[]){"rain", "last summer", NULL});
	/* a quote right after a word starts a phrase */
	expect_terms("rain\"last summer\"x",
	             (const char *const[]){"rain", "last summer", "x", NULL});
	/* an empty phrase is no term */
	expect_terms("\"\" rain", (const char *const[]){"rain", NULL});
	/* a lone combining accent folds to nothing and is no term */
	expect_terms("rain \xcc\x81", (const char *const[]){"rain", NULL});
}

static void test_parse_refused(void **state)
{
	(void)state;
	expect_refused("", "look for");
	expect_refused("   \t", "look for");
	expect_refused("\"\"", "look for");
	expect_refused("\"last summer", "not closed");
	expect_refused("rain \"last", "not closed");
	expect_refused("a b c \"", "not closed");
}

static void test_parse_max_terms(void **state)
{
	struct ebb_search_terms t;
	struct ebb_error err = {0};
	char query[160] = "";

	(void)state;
	for (int i = 0; i < EBB_SEARCH_TERMS; i++)
		strcat(query, "w ");
	EXPECT_OK(ebb_search_terms_parse(&t, query, &err), err);
	assert_int_equal(t.n, EBB_SEARCH_TERMS);
	ebb_search_terms_release(&t);
	/* what folds to nothing does not count */
	strcat(query, "\"\" \xcc\x81 ");
	EXPECT_OK(ebb_search_terms_parse(&t, query, &err), err);
	assert_int_equal(t.n, EBB_SEARCH_TERMS);
	ebb_search_terms_release(&t);
	strcat(query, "one-too-many");
	expect_refused(query, "at most 16");
}

static void test_parse_malformed(void **state)
{
	(void)state;
	/* bytes that are not UTF-8 are kept as they are */
	expect_terms("\xff"
	             "A\xc3",
	             (const char *const[]){"\xff"
	                                   "a\xc3",
	                                   NULL});
}

/* ---------------------------------------------------------------------- */
/* Searching                                                               */

static void test_accents_and_case(void **state)
{
	struct fx *f = *state;
	struct found fd;

	run_search(f, NULL, "cafe", &fd);
	assert_int_equal(fd.n, 2);
	assert_string_equal(fd.kind[0], "checkin");
	assert_string_equal(fd.field[0], "note");
	assert_string_equal(fd.covered[0], "CAFÉ");
	assert_string_equal(fd.kind[1], "entry");
	assert_string_equal(fd.field[1], "text");
	assert_string_equal(fd.covered[1], "café");

	run_search(f, NULL, "CAFÉ", &fd);
	assert_int_equal(fd.n, 2);
	run_search(f, NULL, "cafe\xcc\x81", &fd);
	assert_int_equal(fd.n, 2);

	run_search(f, NULL, "strasse", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.field[0], "title");
	assert_string_equal(fd.covered[0], "Straße");

	run_search(f, NULL, "zoe", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "profile");
	assert_string_equal(fd.field[0], "name");
	assert_string_equal(fd.covered[0], "Zoë");

	run_search(f, NULL, "οδος елка", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "miss");
	assert_string_equal(fd.covered[0], "ΟΔΟΣ");
}

static void test_every_field(void **state)
{
	struct fx *f = *state;
	struct found fd;

	run_search(f, NULL, "honesty", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.field[0], "answers");
	run_search(f, NULL, "rain", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.field[0], "tags");
	assert_string_equal(fd.covered[0], "Rain");
	run_search(f, NULL, "keys", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "plan");
	assert_string_equal(fd.field[0], "safe");
	run_search(f, NULL, "ana", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.field[0], "people");
	run_search(f, NULL, "birthday", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "date");
	assert_string_equal(fd.field[0], "label");
	run_search(f, NULL, "listened", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "reason");
	/* words that are not text fields are not searched */
	run_search(f, NULL, "calm", &fd);
	assert_int_equal(fd.n, 0);
	run_search(f, NULL, "lessons", &fd);
	assert_int_equal(fd.n, 0);
}

static void test_all_terms_must_match(void **state)
{
	struct fx *f = *state;
	struct found fd;

	/* in different fields of one record */
	run_search(f, NULL, "summer rain", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "entry");
	/* the hit is where the FIRST term matched */
	assert_string_equal(fd.field[0], "text");
	assert_string_equal(fd.covered[0], "summer");
	run_search(f, NULL, "rain summer", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.field[0], "tags");
	/* one word missing: no match */
	run_search(f, NULL, "cafe listened", &fd);
	assert_int_equal(fd.n, 0);
	run_search(f, NULL, "nothing-like-this", &fd);
	assert_int_equal(fd.n, 0);
}

static void test_phrases(void **state)
{
	struct fx *f = *state;
	struct found fd;

	run_search(f, NULL, "\"last summer\"", &fd);
	assert_int_equal(fd.n, 2);
	assert_string_equal(fd.kind[0], "entry");
	assert_string_equal(fd.covered[0], "Last summer");
	assert_string_equal(fd.kind[1], "urge");
	assert_string_equal(fd.covered[1], "last summer");
	/* the same words in another order, or apart, are not the phrase */
	run_search(f, NULL, "\"summer last\"", &fd);
	assert_int_equal(fd.n, 0);
	run_search(f, NULL, "\"main cafe\"", &fd);
	assert_int_equal(fd.n, 0);
	run_search(f, NULL, "\"café on main\"", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.covered[0], "CAFÉ on Main");
}

static void test_deleted_not_found(void **state)
{
	struct fx *f = *state;
	struct found fd;

	run_search(f, NULL, "delete", &fd);
	assert_int_equal(fd.n, 0);
}

static void test_query_filters(void **state)
{
	struct fx *f = *state;
	struct ebb_query q;
	struct found fd;

	ebb_query_init(&q);
	q.kind = "checkin";
	run_search(f, &q, "cafe", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "checkin");

	ebb_query_init(&q);
	q.from = AT0 + HOUR / 2;
	run_search(f, &q, "cafe", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "entry");

	ebb_query_init(&q);
	q.to = AT0 + HOUR / 2;
	run_search(f, &q, "cafe", &fd);
	assert_int_equal(fd.n, 1);
	assert_string_equal(fd.kind[0], "checkin");

	/* newest first */
	ebb_query_init(&q);
	q.newest_first = true;
	run_search(f, &q, "summer", &fd);
	assert_int_equal(fd.n, 2);
	assert_string_equal(fd.kind[0], "urge");
	assert_string_equal(fd.kind[1], "entry");
	assert_true(fd.at[0] > fd.at[1]);
}

static void test_callback_stops(void **state)
{
	struct fx *f = *state;
	struct ebb_search_terms t;
	struct ebb_query q;
	struct ebb_error err = {0};
	struct found fd = {.stop_after = 1};

	ebb_query_init(&q);
	EXPECT_OK(ebb_search_terms_parse(&t, "cafe", &err), err);
	assert_int_equal(ebb_search(f->v, &q, &t, collect_hit, &fd, &err), EBB_ERR_INTERNAL);
	assert_int_equal(fd.n, 1);
	assert_string_equal(err.msg, "stopped by the test");
	ebb_search_terms_release(&t);
}

static void test_locked(void **state)
{
	struct fx *f = *state;
	struct ebb_vault *v = NULL;
	struct ebb_search_terms t;
	struct ebb_query q;
	struct ebb_error err = {0};
	struct found fd = {0};

	EXPECT_OK(ebb_vault_open(&v, f->path, &err), err);
	ebb_query_init(&q);
	EXPECT_OK(ebb_search_terms_parse(&t, "cafe", &err), err);
	assert_int_equal(ebb_search(v, &q, &t, collect_hit, &fd, &err), EBB_ERR_LOCKED);
	assert_int_equal(fd.n, 0);
	ebb_search_terms_release(&t);
	ebb_vault_close(v);
}

int main(void)
{
	const struct CMUnitTest parsing[] = {
	    cmocka_unit_test(test_parse_words),     cmocka_unit_test(test_parse_phrases),
	    cmocka_unit_test(test_parse_refused),   cmocka_unit_test(test_parse_max_terms),
	    cmocka_unit_test(test_parse_malformed),
	};
	const struct CMUnitTest searching[] = {
	    cmocka_unit_test(test_accents_and_case),     cmocka_unit_test(test_every_field),
	    cmocka_unit_test(test_all_terms_must_match), cmocka_unit_test(test_phrases),
	    cmocka_unit_test(test_deleted_not_found),    cmocka_unit_test(test_query_filters),
	    cmocka_unit_test(test_callback_stops),       cmocka_unit_test(test_locked),
	};
	int failed;

	failed = cmocka_run_group_tests_name("parsing", parsing, setup_crypto, NULL);
	failed += cmocka_run_group_tests_name("searching", searching, setup_vault, teardown_vault);
	return failed;
}
