/*
 * test_demo.c — unit tests for src/core/demo.c (the made-up history of
 * `ebb demo`) and the demo mark and grouped writes of src/core/vault.c.
 *
 * What a person would notice if these broke: a demo that looks different
 * every time for the same seed (screenshots in the docs no longer match),
 * two seeds that give the same story, a demo whose waves grow (the first
 * thing a newcomer sees would be alarming), a screen left empty because a
 * kind or a prompt kind is missing, records dated after today or before the
 * day "Sam (demo)" left, a demo vault not marked as one (and so taken for a
 * real story), a half-written demo left behind.
 *
 * Histories end on a fixed day; vaults live in their own temp dir under
 * /tmp (removed afterwards) and use EBB_KDF_INTERACTIVE.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crypto.h"
#include "dates.h"
#include "demo.h"
#include "insights.h"
#include "prompts.h"
#include "record.h"
#include "vault.h"
#include "vocab.h"
#include "waves.h"

static const char PASS[] = "ebb demo vault";
#define OFFSET 3600 /* the records' UTC offset: an hour east */

#define EXPECT_OK(expr, err)                                                                       \
	do {                                                                                       \
		enum ebb_status rc_ = (expr);                                                      \
		if (rc_ != EBB_OK)                                                                 \
			fail_msg("%s failed (%d): %s", #expr, (int)rc_, (err).msg);                \
	} while (0)

/* ---------------------------------------------------------------------- */
/* Helpers                                                                 */

/* The day number of YYYY-MM-DD. */
static int64_t D(const char *date)
{
	int64_t day = 0;

	assert_int_equal(ebb_date_parse(date, &day), EBB_OK);
	return day;
}

/* The fixed last day of every history here. */
static int64_t last_day(void)
{
	return D("2026-11-26");
}

static void options(struct ebb_demo_options *o, int days, uint64_t seed)
{
	ebb_demo_options_init(o, last_day(), OFFSET);
	o->days = days;
	o->seed = seed;
}

/* An export-like digest of records: kind, time, offset and body of each, in order. */
struct digest {
	crypto_generichash_state h;
	size_t n;
};

static void digest_add(struct digest *d, const char *kind, int64_t at, int32_t offset,
                       const json_t *body)
{
	char buf[16384], head[64];
	size_t len = json_dumpb(body, buf, sizeof(buf), JSON_COMPACT | JSON_SORT_KEYS);
	int n = snprintf(head, sizeof(head), "%s|%lld|%d|", kind, (long long)at, (int)offset);

	assert_true(len > 0 && len < sizeof(buf));
	crypto_generichash_update(&d->h, (const unsigned char *)head, (size_t)n);
	crypto_generichash_update(&d->h, (const unsigned char *)buf, len);
	d->n++;
}

static enum ebb_status digest_demo(const struct ebb_demo_record *r, void *ctx,
                                   struct ebb_error *err)
{
	(void)err;
	digest_add(ctx, r->kind, r->at, r->offset, r->body);
	return EBB_OK;
}

static enum ebb_status digest_record(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	(void)err;
	digest_add(ctx, r->kind, r->at, r->offset, r->body);
	return EBB_OK;
}

/* The digest of a generated history; *n gets the number of records. */
static void digest_of(const struct ebb_demo_options *o, uint8_t out[32], size_t *n)
{
	struct ebb_error err = {0};
	struct digest d = {.n = 0};

	crypto_generichash_init(&d.h, NULL, 0, 32);
	EXPECT_OK(ebb_demo_generate(o, digest_demo, &d, &err), err);
	crypto_generichash_final(&d.h, out, 32);
	*n = d.n;
}

/* The same digest of what a vault holds (latest revisions, oldest first). */
static void digest_vault(struct ebb_vault *v, uint8_t out[32], size_t *n)
{
	struct ebb_error err = {0};
	struct digest d = {.n = 0};
	struct ebb_query q;

	ebb_query_init(&q);
	crypto_generichash_init(&d.h, NULL, 0, 32);
	EXPECT_OK(ebb_record_each(v, &q, digest_record, &d, &err), err);
	crypto_generichash_final(&d.h, out, 32);
	*n = d.n;
}

/* Everything a test wants to know about a generated history. */
struct tally {
	int64_t first, last; /* the history's first and last day */
	size_t n, kinds[16], prompt_kinds[16];
	int64_t min_day, max_day;
	bool checkin_on_last;
	/* thirds of the history: facets named, urges, urges acted on */
	size_t facet[3][4], urges[3], acted[3];
	size_t contacts, dates_yearly, plan_parts;
	double signs_first, signs_last; /* mean rating of the first and last signs record */
	size_t signs_seen;
	char left_on[EBB_DATE_STR], name[64];
	struct ebb_waves_checkin *checkins;
	size_t n_checkins, cap_checkins;
};

static const char *const KINDS[] = {"checkin", "entry",   "urge",    "signs", "reason",
                                    "miss",    "contact", "profile", "date",  "plan"};
#define NKINDS (sizeof(KINDS) / sizeof(KINDS[0]))

static size_t word_index(const struct ebb_word *list, const char *name)
{
	const struct ebb_word *w = ebb_word_find(list, name);

	assert_non_null(w);
	return (size_t)(w - list);
}

static enum ebb_status tally_one(const struct ebb_demo_record *r, void *ctx, struct ebb_error *err)
{
	struct tally *t = ctx;
	int64_t day = ebb_date_local_day(r->at, r->offset);
	int third = (int)((day - t->first) * 3 / (t->last - t->first + 1));
	size_t k;
	const json_t *x;

	EXPECT_OK(ebb_record_validate(r->kind, r->body, err), *err);
	assert_int_equal(r->offset, OFFSET);
	for (k = 0; k < NKINDS && strcmp(KINDS[k], r->kind) != 0; k++)
		;
	assert_true(k < NKINDS);
	t->kinds[k]++;
	t->n++;
	if (day < t->min_day)
		t->min_day = day;
	if (day > t->max_day)
		t->max_day = day;
	if (strcmp(r->kind, "checkin") == 0) {
		size_t i;
		if (day == t->last)
			t->checkin_on_last = true;
		json_array_foreach(json_object_get(r->body, "grieving"), i, x)
		    t->facet[third][word_index(ebb_facets, json_string_value(x))]++;
		if (t->n_checkins == t->cap_checkins) {
			t->cap_checkins = t->cap_checkins ? 2 * t->cap_checkins : 1024;
			t->checkins = realloc(t->checkins, t->cap_checkins * sizeof(*t->checkins));
			assert_non_null(t->checkins);
		}
		t->checkins[t->n_checkins++] = (struct ebb_waves_checkin){
		    r->at, r->offset,
		    (double)json_integer_value(json_object_get(r->body, "intensity"))};
	} else if (strcmp(r->kind, "entry") == 0) {
		const char *p = json_string_value(json_object_get(r->body, "prompt"));
		const char *id = json_string_value(json_object_get(r->body, "prompt_id"));
		t->prompt_kinds[word_index(ebb_prompt_kinds, p)]++;
		/* the prompt named is a real prompt of that kind */
		assert_non_null(id);
		assert_non_null(ebb_prompt_find(id));
		assert_string_equal(ebb_prompt_find(id)->kind, p);
		if (strcmp(p, "lessons") == 0)
			assert_int_equal(json_object_size(json_object_get(r->body, "answers")), 3);
	} else if (strcmp(r->kind, "urge") == 0) {
		t->urges[third]++;
		if (ebb_urge_acted(json_string_value(json_object_get(r->body, "did"))))
			t->acted[third]++;
	} else if (strcmp(r->kind, "contact") == 0) {
		t->contacts++;
	} else if (strcmp(r->kind, "date") == 0) {
		t->dates_yearly += json_is_true(json_object_get(r->body, "yearly"));
	} else if (strcmp(r->kind, "plan") == 0) {
		t->plan_parts = json_object_size(r->body);
	} else if (strcmp(r->kind, "profile") == 0) {
		snprintf(t->left_on, sizeof(t->left_on), "%s",
		         json_string_value(json_object_get(r->body, "left_on")));
		snprintf(t->name, sizeof(t->name), "%s",
		         json_string_value(json_object_get(r->body, "name")));
	} else if (strcmp(r->kind, "signs") == 0) {
		double sum = 0;
		size_t i;
		json_array_foreach(json_object_get(r->body, "ratings"), i, x) sum +=
		    (double)json_integer_value(x);
		if (t->signs_seen++ == 0)
			t->signs_first = sum / 4;
		t->signs_last = sum / 4;
	}
	return EBB_OK;
}

static void tally(const struct ebb_demo_options *o, struct tally *t)
{
	struct ebb_error err = {0};

	memset(t, 0, sizeof(*t));
	t->last = o->last_day;
	t->first = o->last_day - (o->days - 1);
	t->min_day = INT64_MAX;
	t->max_day = INT64_MIN;
	EXPECT_OK(ebb_demo_generate(o, tally_one, t, &err), err);
}

static void tally_release(struct tally *t)
{
	free(t->checkins);
	t->checkins = NULL;
}

/* The waves analysis of a tally's check-ins. */
static void analyse(const struct tally *t, struct ebb_waves_result *r)
{
	struct ebb_error err = {0};

	ebb_waves_result_init(r);
	EXPECT_OK(ebb_waves_analyse(r, t->checkins, t->n_checkins, NULL, &err), err);
}

/* ---- vaults in a temp dir ---- */

struct fx {
	char dir[64];
	char path[PATH_MAX];
};

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/ebb-test-demo-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* A new, unlocked vault named name in the fixture's dir. */
static struct ebb_vault *new_vault(struct fx *f, const char *name)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;

	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
	EXPECT_OK(ebb_vault_create(&v, f->path, PASS, strlen(PASS), EBB_KDF_INTERACTIVE, &err),
	          err);
	return v;
}

/* A new vault filled with the history of o; *n gets the records written. */
static struct ebb_vault *demo_vault(struct fx *f, const char *name,
                                    const struct ebb_demo_options *o, size_t *n)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = new_vault(f, name);

	EXPECT_OK(ebb_demo_fill(v, o, n, &err), err);
	return v;
}

/* Opens f->path again (locked) and unlocks it with the passphrase. */
static struct ebb_vault *reopen(struct fx *f)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;

	EXPECT_OK(ebb_vault_open(&v, f->path, &err), err);
	EXPECT_OK(ebb_vault_unlock(v, PASS, strlen(PASS), &err), err);
	return v;
}

/* ---------------------------------------------------------------------- */
/* The generator                                                           */

static void test_options_bounds(void **state)
{
	struct ebb_demo_options o;
	struct ebb_error err = {0};
	struct digest d = {.n = 0};

	(void)state;
	crypto_generichash_init(&d.h, NULL, 0, 32);
	ebb_demo_options_init(&o, last_day(), OFFSET);
	assert_int_equal(o.days, EBB_DEMO_DAYS_DEFAULT);
	assert_int_equal(o.days, 180);
	assert_true(o.seed == EBB_DEMO_SEED);
	assert_int_equal(o.per_day, 0);

	o.days = EBB_DEMO_DAYS_MIN - 1;
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	assert_non_null(strstr(err.msg, "30 to 3650"));
	o.days = EBB_DEMO_DAYS_MAX + 1;
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	o.days = 180;
	o.per_day = EBB_DEMO_PER_DAY_MAX + 1;
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	o.per_day = 0;
	o.offset = 86401;
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	o.offset = OFFSET;
	/* the hard dates go back 31 years, and dates stop at 9999 */
	o.last_day = D("1930-06-01");
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	o.last_day = D("9999-12-31") + 1;
	assert_int_equal(ebb_demo_generate(&o, digest_demo, &d, &err), EBB_ERR_INVALID);
	assert_int_equal(d.n, 0); /* nothing was handed out */
}

static void test_same_seed_same_history(void **state)
{
	struct ebb_demo_options o;
	uint8_t a[32], b[32];
	size_t na, nb;

	(void)state;
	options(&o, 180, EBB_DEMO_SEED);
	digest_of(&o, a, &na);
	digest_of(&o, b, &nb);
	assert_true(na > 150);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof(a));

	/* and for the longest history, at benchmark density too */
	options(&o, EBB_DEMO_DAYS_MAX, 12345);
	o.per_day = 3;
	digest_of(&o, a, &na);
	digest_of(&o, b, &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, sizeof(a));
}

static void test_other_seed_other_history(void **state)
{
	struct ebb_demo_options o;
	uint8_t a[32], b[32], c[32];
	size_t na, nb, nc;

	(void)state;
	options(&o, 180, 1);
	digest_of(&o, a, &na);
	o.seed = 2;
	digest_of(&o, b, &nb);
	assert_memory_not_equal(a, b, sizeof(a));
	/* a longer history is another history too */
	o.seed = 1;
	o.days = 181;
	digest_of(&o, c, &nc);
	assert_memory_not_equal(a, c, sizeof(a));
}

static void test_within_the_history(void **state)
{
	static const int lengths[] = {EBB_DEMO_DAYS_MIN, 90, 180, 365, EBB_DEMO_DAYS_MAX};
	struct ebb_demo_options o;
	struct tally t;
	char first[EBB_DATE_STR];

	(void)state;
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		options(&o, lengths[i], 7);
		tally(&o, &t);
		/* from the day Sam (demo) left to the last day, nothing later */
		assert_int_equal(t.min_day, t.first);
		assert_int_equal(t.max_day, t.last);
		assert_true(t.checkin_on_last);
		assert_string_equal(t.left_on, ebb_date_format(first, t.first));
		assert_string_equal(t.name, EBB_DEMO_NAME);
		/* check-ins on most days, not all: some missed, some doubled */
		assert_true(t.n_checkins > (size_t)lengths[i] * 6 / 10);
		assert_true(t.n_checkins < (size_t)lengths[i] * 2);
		tally_release(&t);
	}
}

static void test_every_kind_and_prompt(void **state)
{
	static const int lengths[] = {EBB_DEMO_DAYS_MIN, 180};
	struct ebb_demo_options o;
	struct tally t;

	(void)state;
	for (size_t l = 0; l < sizeof(lengths) / sizeof(lengths[0]); l++) {
		for (uint64_t seed = 1; seed <= 10; seed++) {
			options(&o, lengths[l], seed);
			tally(&o, &t);
			for (size_t k = 0; k < NKINDS; k++)
				if (t.kinds[k] == 0)
					fail_msg("no %s in %d days of seed %llu", KINDS[k],
					         lengths[l], (unsigned long long)seed);
			for (size_t p = 0; ebb_prompt_kinds[p].name; p++)
				if (t.prompt_kinds[p] == 0)
					fail_msg("no %s entry in %d days of seed %llu",
					         ebb_prompt_kinds[p].name, lengths[l],
					         (unsigned long long)seed);
			assert_int_equal(t.kinds[7], 1); /* one profile */
			assert_int_equal(t.kinds[9], 1); /* one plan */
			assert_int_equal(t.plan_parts, ebb_word_count(ebb_plan_parts));
			assert_int_equal(t.kinds[8], 3); /* three hard dates, all yearly */
			assert_int_equal(t.dates_yearly, 3);
			/* a couple of contacts; a few urges reached out on, most let pass */
			assert_in_range(t.contacts, 2, 3);
			assert_true(t.acted[0] + t.acted[1] + t.acted[2] >= 1);
			assert_true((t.acted[0] + t.acted[1] + t.acted[2]) *
			                (lengths[l] < 90 ? 2 : 5) <
			            t.urges[0] + t.urges[1] + t.urges[2]);
			tally_release(&t);
		}
	}
}

static void test_things_shift(void **state)
{
	struct ebb_demo_options o;
	struct tally t;
	size_t pot = word_index(ebb_facets, "potential"), fam = word_index(ebb_facets, "familiar"),
	       self = word_index(ebb_facets, "self");
	size_t late[4] = {0}, early[4] = {0};

	(void)state;
	for (uint64_t seed = 1; seed <= 10; seed++) {
		options(&o, 180, seed);
		tally(&o, &t);
		/* the future imagined and the pain known early */
		assert_true(t.facet[0][pot] + t.facet[0][fam] > 2 * t.facet[0][self]);
		for (size_t i = 0; i < 4; i++) {
			early[i] += t.facet[0][i];
			late[i] += t.facet[2][i];
		}
		/* more urges early than late */
		assert_true(t.urges[0] > t.urges[2]);
		/* the signs rise slowly */
		assert_true(t.signs_seen >= 15);
		assert_true(t.signs_last > t.signs_first + 1);
		tally_release(&t);
	}
	/* who I was in it, later: across seeds (one seed's dice can say less) */
	assert_true(late[self] > late[pot] && late[self] > late[fam]);
	assert_true(late[self] * (early[0] + early[1] + early[2] + early[3]) >
	            2 * early[self] * (late[0] + late[1] + late[2] + late[3]));
}

static void test_waves_mostly_soften(void **state)
{
	struct ebb_demo_options o;
	struct ebb_waves_result r;
	struct tally t;

	(void)state;
	/* the default: several waves, a few of them setbacks, and never "bigger" */
	options(&o, 180, EBB_DEMO_SEED);
	tally(&o, &t);
	analyse(&t, &r);
	assert_true(r.n_waves >= EBB_WAVES_MIN_TREND);
	assert_true(r.n_lower > r.n_higher);
	assert_true(r.n_higher >= 1);
	assert_int_not_equal(r.wave_verdict, EBB_VERDICT_BIGGER);
	assert_int_equal(r.wave_verdict, EBB_VERDICT_SMALLER);
	assert_int_not_equal(r.baseline_verdict, EBB_VERDICT_BIGGER);
	ebb_waves_result_release(&r);
	tally_release(&t);

	/* any seed: several waves, and they do not grow */
	for (uint64_t seed = 1; seed <= 40; seed++) {
		options(&o, 180, seed);
		tally(&o, &t);
		analyse(&t, &r);
		if (r.n_waves < 3 || r.wave_verdict == EBB_VERDICT_BIGGER)
			fail_msg("seed %llu: %zu waves, %s", (unsigned long long)seed, r.n_waves,
			         ebb_verdict_id(r.wave_verdict));
		ebb_waves_result_release(&r);
		tally_release(&t);
	}
}

static void test_benchmark_density(void **state)
{
	struct ebb_demo_options o;
	struct tally t;
	struct ebb_waves_result r;

	(void)state;
	options(&o, EBB_DEMO_DAYS_MAX, EBB_DEMO_SEED);
	o.per_day = 3;
	tally(&o, &t);
	/* about 3 a day for ten years, none missed: the benchmark's 11,000 */
	assert_in_range(t.n_checkins, 10500, 11500);
	assert_int_equal(t.min_day, t.first);
	analyse(&t, &r);
	assert_int_equal(r.n_days, (size_t)EBB_DEMO_DAYS_MAX);
	assert_true(r.n_waves >= EBB_WAVES_SOLID);
	ebb_waves_result_release(&r);
	tally_release(&t);
}

/* ---------------------------------------------------------------------- */
/* In a vault                                                              */

static void test_fill_marks_and_matches(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_vault *v, *w;
	uint8_t gen[32], a[32], b[32], c[32];
	size_t n_gen, n, na, nb, nc, count;
	char first_path[PATH_MAX];

	options(&o, 180, EBB_DEMO_SEED);
	digest_of(&o, gen, &n_gen);

	v = demo_vault(f, "one.ebb", &o, &n);
	assert_int_equal(n, n_gen);
	assert_true(ebb_vault_is_demo(v));
	ebb_vault_close(v);
	snprintf(first_path, sizeof(first_path), "%s", f->path);

	/* the mark survives: read when the vault is opened, even locked */
	v = reopen(f);
	assert_true(ebb_vault_is_demo(v));
	EXPECT_OK(ebb_record_count(v, NULL, &count, &err), err);
	assert_int_equal(count, n);
	digest_vault(v, a, &na);
	assert_int_equal(na, n);
	/* what the vault holds is what was generated, in the same order */
	assert_memory_equal(a, gen, sizeof(a));

	/* the same seed in another vault: the same records (ids aside) */
	w = demo_vault(f, "two.ebb", &o, &n);
	digest_vault(w, b, &nb);
	assert_memory_equal(a, b, sizeof(a));
	ebb_vault_close(w);

	/* another seed: another story */
	o.seed = EBB_DEMO_SEED + 1;
	w = demo_vault(f, "three.ebb", &o, &n);
	digest_vault(w, c, &nc);
	assert_memory_not_equal(a, c, sizeof(a));
	ebb_vault_close(w);

	/* a vault made by init is not a demo, opened again or not */
	w = new_vault(f, "real.ebb");
	assert_false(ebb_vault_is_demo(w));
	ebb_vault_close(w);
	EXPECT_OK(ebb_vault_open(&w, f->path, &err), err);
	assert_false(ebb_vault_is_demo(w));
	ebb_vault_close(w);
	/* the demo is known as one while locked too */
	EXPECT_OK(ebb_vault_open(&w, first_path, &err), err);
	assert_false(ebb_vault_is_unlocked(w));
	assert_true(ebb_vault_is_demo(w));
	ebb_vault_close(w);
	ebb_vault_close(v);
}

static void test_every_kind_in_the_vault(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_vault *v;
	size_t n, count;

	options(&o, 180, EBB_DEMO_SEED);
	v = demo_vault(f, "demo.ebb", &o, &n);
	for (size_t k = 0; k < NKINDS; k++) {
		EXPECT_OK(ebb_record_count(v, KINDS[k], &count, &err), err);
		if (count == 0)
			fail_msg("the demo vault holds no %s", KINDS[k]);
	}
	ebb_vault_close(v);
}

static void test_waves_and_insights_from_the_vault(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_insights_input in;
	struct ebb_waves_result r;
	struct ebb_insights ins;
	struct ebb_vault *v;
	size_t n;

	options(&o, 180, EBB_DEMO_SEED);
	v = demo_vault(f, "demo.ebb", &o, &n);
	ebb_insights_input_init(&in);
	ebb_waves_result_init(&r);
	ebb_insights_init(&ins);
	EXPECT_OK(ebb_insights_input_from_vault(&in, v, last_day() + 1, &err), err);
	assert_true(in.n_checkins > 150);
	EXPECT_OK(ebb_insights_waves(&r, &in, NULL, &err), err);
	assert_true(r.n_waves >= 5);
	assert_int_not_equal(r.wave_verdict, EBB_VERDICT_BIGGER);
	EXPECT_OK(ebb_insights_analyse(&ins, &in, &r, &err), err);
	assert_true(ins.has_history);
	assert_true(ins.facets.known);
	assert_true(ins.urges.all.has_interval);
	assert_true(ins.contact.any);
	assert_true(ins.n_occurrences >= 3); /* the hard dates come round in the history */
	assert_true(ins.cluster.computed);
	for (size_t i = 0; i < EBB_INSIGHTS_SIGNS; i++)
		assert_int_not_equal(ins.signs[i].verdict, EBB_SIGN_TOO_EARLY);
	ebb_insights_release(&ins);
	ebb_waves_result_release(&r);
	ebb_insights_input_release(&in);
	ebb_vault_close(v);
}

static void test_fill_needs_the_key(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_vault *v = new_vault(f, "locked.ebb");
	size_t n = 99, count = 99, inbox = 99;

	ebb_vault_lock(v);
	options(&o, 180, EBB_DEMO_SEED);
	assert_int_equal(ebb_demo_fill(v, &o, &n, &err), EBB_ERR_LOCKED);
	assert_int_equal(n, 0);
	assert_false(ebb_vault_is_demo(v));
	EXPECT_OK(ebb_record_count(v, NULL, &count, &err), err);
	assert_int_equal(count, 0);
	EXPECT_OK(ebb_vault_inbox_count(v, &inbox, &err), err);
	assert_int_equal(inbox, 0);
	ebb_vault_close(v);
}

static void test_a_failed_fill_leaves_nothing(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_demo_options o;
	struct ebb_vault *v = new_vault(f, "bad.ebb");
	size_t n = 99, count = 99;

	options(&o, EBB_DEMO_DAYS_MAX + 1, EBB_DEMO_SEED);
	assert_int_equal(ebb_demo_fill(v, &o, &n, &err), EBB_ERR_INVALID);
	assert_int_equal(n, 0);
	ebb_vault_close(v);
	/* neither the mark nor any record was kept */
	v = reopen(f);
	assert_false(ebb_vault_is_demo(v));
	EXPECT_OK(ebb_record_count(v, NULL, &count, &err), err);
	assert_int_equal(count, 0);
	ebb_vault_close(v);
}

static void test_grouped_writes(void **state)
{
	struct fx *f = *state;
	struct ebb_error err = {0};
	struct ebb_vault *v = new_vault(f, "group.ebb");
	json_t *body = json_pack("{s:i}", "intensity", 4);
	size_t count = 99;

	/* rolled back: nothing kept */
	EXPECT_OK(ebb_vault_begin(v, &err), err);
	EXPECT_OK(ebb_record_add(v, "checkin", 1772654400, 0, body, NULL, NULL, &err), err);
	EXPECT_OK(ebb_vault_mark_demo(v, &err), err);
	ebb_vault_rollback(v);
	/* committed: both kept */
	EXPECT_OK(ebb_vault_begin(v, &err), err);
	/* a call that opens its own transaction cannot run inside one */
	assert_int_not_equal(ebb_vault_begin(v, &err), EBB_OK);
	EXPECT_OK(ebb_record_add(v, "checkin", 1772654400, 0, body, NULL, NULL, &err), err);
	EXPECT_OK(ebb_record_add(v, "checkin", 1772654500, 0, body, NULL, NULL, &err), err);
	EXPECT_OK(ebb_vault_commit(v, &err), err);
	ebb_vault_close(v);
	v = reopen(f);
	EXPECT_OK(ebb_record_count(v, NULL, &count, &err), err);
	assert_int_equal(count, 2);
	assert_false(ebb_vault_is_demo(v)); /* the rolled-back mark is gone */
	/* outside a transaction the mark is its own */
	EXPECT_OK(ebb_vault_mark_demo(v, &err), err);
	assert_true(ebb_vault_is_demo(v));
	ebb_vault_close(v);
	v = reopen(f);
	assert_true(ebb_vault_is_demo(v));
	ebb_vault_close(v);
	json_decref(body);
}

int main(void)
{
	struct ebb_error err = {0};
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_options_bounds),
	    cmocka_unit_test(test_same_seed_same_history),
	    cmocka_unit_test(test_other_seed_other_history),
	    cmocka_unit_test(test_within_the_history),
	    cmocka_unit_test(test_every_kind_and_prompt),
	    cmocka_unit_test(test_things_shift),
	    cmocka_unit_test(test_waves_mostly_soften),
	    cmocka_unit_test(test_benchmark_density),
	    cmocka_unit_test_setup_teardown(test_fill_marks_and_matches, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_every_kind_in_the_vault, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_waves_and_insights_from_the_vault, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_fill_needs_the_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_failed_fill_leaves_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_grouped_writes, setup, teardown),
	};

	if (ebb_crypto_init(&err) != EBB_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
