/*
 * demo.h — a made-up history for newcomers: `ebb demo` writes it into a
 * new vault, so that every screen (today, log, waves, insights, the page)
 * can be seen before a single word of one's own is written.
 *
 * The history is generated from a seed with a small PRNG of its own
 * (splitmix64), so one seed, one number of days and one last day always
 * give the same records (same kinds, times and bodies; the record ids are
 * new UUIDv7s each time). It is meant to look like a life, not a test
 * fixture: check-ins on most days, some days missed and some days with
 * several; waves that mostly soften over the weeks, a few coming back higher
 * and a bump near the hard dates; feelings and what is grieved shifting
 * from "the future I imagined" and "the pain I knew" towards "who I was in
 * it"; urges, more of them early and more of them let pass later, a few
 * reached out on; a couple of contacts; the four signs rated weekly and
 * slowly rising; entries for every prompt kind; reasons and misses; three
 * yearly hard dates; a profile ("Sam (demo)", left on the first day) and a
 * safety plan. All the words are our own, short, and plainly fictional.
 *
 * Nothing here prints or keeps global state.
 */
#ifndef EBB_DEMO_H
#define EBB_DEMO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "vault.h"

#define EBB_DEMO_DAYS_MIN     30
#define EBB_DEMO_DAYS_MAX     3650
#define EBB_DEMO_DAYS_DEFAULT 180

/* The default seed, fixed so that documentation and screenshots stay the same. */
#define EBB_DEMO_SEED UINT64_C(11)

/* The passphrase of a demo vault unless another is chosen (>= 8 characters). */
#define EBB_DEMO_PASSPHRASE "ebb demo vault"

/* The name in the demo's profile. */
#define EBB_DEMO_NAME "Sam (demo)"

/* The most check-ins a day per_day may ask for. */
#define EBB_DEMO_PER_DAY_MAX 12

struct ebb_demo_options {
	int days;         /* length of the history, EBB_DEMO_DAYS_MIN..EBB_DEMO_DAYS_MAX */
	uint64_t seed;    /* any value */
	int64_t last_day; /* day number (dates.h) of the history's last day */
	int32_t offset;   /* seconds east of UTC, given to every record (-86400..86400) */
	/* 0: a natural rhythm (days missed, sometimes several check-ins a day);
	 * n: about n check-ins every day and no day missed, for benchmarks */
	unsigned per_day;
};

/*
 * Fills o with the defaults: EBB_DEMO_DAYS_DEFAULT days ending on
 * last_day, EBB_DEMO_SEED, the natural rhythm, every record at offset.
 */
void ebb_demo_options_init(struct ebb_demo_options *o, int64_t last_day, int32_t offset);

/* One generated record; body is valid for its kind (ebb_record_validate). */
struct ebb_demo_record {
	const char *kind;
	int64_t at;     /* UTC seconds */
	int32_t offset; /* seconds east of UTC */
	const json_t *body;
};

/*
 * Called for each record, oldest first (records of the same second in the
 * order they were made). The record and its body live until fn returns
 * (json_incref the body to keep it). fn returns EBB_OK to go on, anything
 * else to stop: that status is returned as it is.
 */
typedef enum ebb_status (*ebb_demo_fn)(const struct ebb_demo_record *r, void *ctx,
                                       struct ebb_error *err);

/*
 * Generates the history described by o and hands each record to fn.
 * EBB_ERR_INVALID for days outside EBB_DEMO_DAYS_MIN..EBB_DEMO_DAYS_MAX,
 * per_day above EBB_DEMO_PER_DAY_MAX, an offset out of range or a last
 * day whose history would fall outside the years 1900..9999;
 * EBB_ERR_NOMEM.
 */
enum ebb_status ebb_demo_generate(const struct ebb_demo_options *o, ebb_demo_fn fn, void *ctx,
                                  struct ebb_error *err);

/*
 * Marks v as a demo (ebb_vault_mark_demo) and writes the generated history
 * into it with ebb_record_add, all in one transaction (ebb_vault_begin):
 * everything is kept or, on failure, nothing. v must be unlocked (else
 * EBB_ERR_LOCKED) and not inside a transaction. *records (may be NULL)
 * gets the number of records written (0 on failure).
 */
enum ebb_status ebb_demo_fill(struct ebb_vault *v, const struct ebb_demo_options *o,
                              size_t *records, struct ebb_error *err);

#endif
