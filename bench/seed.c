/*
 * seed.c — bench-seed: fills a new vault with N made-up records for the
 * benchmarks (bench/run.sh). Not a test and not installed.
 *
 *   bench-seed [--kdf moderate|interactive] VAULT N
 *
 * The passphrase is $EBB_BENCH_PASSPHRASE (default below). The vault is
 * created through the public core API and every record goes through
 * ebb_record_add on the unlocked vault, exactly as `ebb checkin` writes one:
 * one transaction (and one fsync) per record, since the API offers no batch.
 * Records are spread over the last three years, oldest first: 85% check-ins
 * (some with a note), 10% journal entries of 300 to 1500 bytes, 5% urges.
 * The mix is fixed by a seeded generator, so two vaults of one size hold
 * the same plaintext. Prints the time taken to standard error.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto.h"
#include "error.h"
#include "record.h"
#include "vault.h"

#define DEFAULT_PASS "bench passphrase, not a secret"
#define MAX_RECORDS  10000000L

static const char *const words[] = {
    "today",   "felt",       "heavy", "lighter", "walked", "called", "almost", "texted",
    "missed",  "the",        "old",   "song",    "cafe",   "again",  "slept",  "badly",
    "friend",  "helped",     "quiet", "morning", "kind",   "angry",  "relief", "cried",
    "laughed", "remembered", "why",   "left",    "better", "worse",  "tired",  "okay",
};

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next_rand() >> 33) % n;
}

/* Fills out with about len bytes of words. */
static void make_text(char *out, size_t cap, size_t len)
{
	size_t n = 0;

	if (len >= cap)
		len = cap - 1;
	while (n < len) {
		const char *w = words[pick(sizeof(words) / sizeof(words[0]))];
		size_t wl = strlen(w);
		if (n + wl + 1 >= cap)
			break;
		if (n)
			out[n++] = ' ';
		memcpy(out + n, w, wl);
		n += wl;
	}
	out[n] = '\0';
}

/* One made-up record: *kind and a new body. NULL when out of memory. */
static json_t *make_body(const char **kind)
{
	static char text[2048];
	unsigned r = pick(100);
	json_t *b;

	if (r < 85) {
		*kind = "checkin";
		b = json_pack("{s:i}", "intensity", (int)pick(11));
		if (b && pick(2)) {
			make_text(text, sizeof(text), 20 + pick(120));
			json_object_set_new(b, "note", json_string(text));
		}
	} else if (r < 95) {
		*kind = "entry";
		make_text(text, sizeof(text), 300 + pick(1200));
		b = json_pack("{s:s}", "text", text);
	} else {
		*kind = "urge";
		b = json_pack("{s:i, s:s, s:s}", "intensity", (int)pick(11), "for", "text", "did",
		              pick(4) ? "waited" : "reached-out");
	}
	return b;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int usage(void)
{
	fputs("usage: bench-seed [--kdf moderate|interactive] VAULT N\n", stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	enum ebb_kdf_level level = EBB_KDF_MODERATE;
	const char *env = getenv("EBB_BENCH_PASSPHRASE");
	const char *pass = env && *env ? env : DEFAULT_PASS;
	struct timespec t0;
	int64_t now = (int64_t)time(NULL), span = 3 * 365 * 86400, step;
	char *end;
	long n;
	int a = 1;

	if (argc > a + 1 && strcmp(argv[a], "--kdf") == 0) {
		if (strcmp(argv[a + 1], "moderate") == 0)
			level = EBB_KDF_MODERATE;
		else if (strcmp(argv[a + 1], "interactive") == 0)
			level = EBB_KDF_INTERACTIVE;
		else
			return usage();
		a += 2;
	}
	if (argc != a + 2)
		return usage();
	errno = 0;
	n = strtol(argv[a + 1], &end, 10);
	if (errno || *end || end == argv[a + 1] || n < 0 || n > MAX_RECORDS)
		return usage();
	if (ebb_crypto_init(&err) != EBB_OK) {
		fprintf(stderr, "bench-seed: %s\n", err.msg);
		return 1;
	}

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ebb_vault_create(&v, argv[a], pass, strlen(pass), level, &err) != EBB_OK) {
		fprintf(stderr, "bench-seed: %s\n", err.msg);
		return 1;
	}
	fprintf(stderr, "bench-seed: created %s in %.2f s\n", argv[a], seconds_since(&t0));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	step = n > 0 ? span / n : 0;
	if (step < 1)
		step = 1;
	for (long i = 0; i < n; i++) {
		const char *kind = NULL;
		json_t *body = make_body(&kind);
		enum ebb_status rc;

		if (body == NULL) {
			fprintf(stderr, "bench-seed: out of memory\n");
			ebb_vault_close(v);
			return 1;
		}
		rc = ebb_record_add(v, kind, now - (n - i) * step, 0, body, NULL, NULL, &err);
		json_decref(body);
		if (rc != EBB_OK) {
			fprintf(stderr, "bench-seed: record %ld: %s\n", i + 1, err.msg);
			ebb_vault_close(v);
			return 1;
		}
	}
	ebb_vault_close(v);
	fprintf(stderr, "bench-seed: added %ld records in %.2f s (%.0f per second)\n", n,
	        seconds_since(&t0), n ? (double)n / seconds_since(&t0) : 0.0);
	return 0;
}
