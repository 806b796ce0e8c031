/*
 * search.c — matching decrypted records against words and phrases. See
 * search.h.
 */
#include "search.h"

#include <string.h>

#include "crypto.h"
#include "vocab.h"

void ebb_search_terms_release(struct ebb_search_terms *t)
{
	for (size_t i = 0; i < t->n; i++)
		ebb_secret_free(t->term[i]);
	t->n = 0;
}

/* Folds s[0..n) and keeps it as the next term (unless it folds to nothing,
 * like a lone combining accent). */
static enum ebb_status add_term(struct ebb_search_terms *t, const char *s, size_t n,
                                struct ebb_error *err)
{
	struct ebb_fold f;
	enum ebb_status rc;

	ebb_fold_init(&f);
	rc = ebb_fold_text(&f, s, n, err);
	if (rc == EBB_OK && f.text.len > 0 && t->n == EBB_SEARCH_TERMS)
		rc = ebb_error_set(err, EBB_ERR_INVALID, "search for at most %d words at once",
		                   EBB_SEARCH_TERMS);
	if (rc == EBB_OK && f.text.len > 0) {
		t->term[t->n] = ebb_secret_alloc(f.text.len + 1);
		if (t->term[t->n] == NULL) {
			rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");
		} else {
			memcpy(t->term[t->n], f.text.data, f.text.len + 1);
			t->len[t->n++] = f.text.len;
		}
	}
	ebb_fold_release(&f);
	return rc;
}

/* true for the blanks that separate words (a pasted line may end in \r\n) */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

enum ebb_status ebb_search_terms_parse(struct ebb_search_terms *t, const char *query,
                                       struct ebb_error *err)
{
	const char *p = query;
	enum ebb_status rc = EBB_OK;

	memset(t, 0, sizeof(*t));
	while (*p && rc == EBB_OK) {
		const char *start;

		while (blank(*p))
			p++;
		if (*p == '\0')
			break;
		if (*p == '"') {
			start = ++p;
			while (*p && *p != '"')
				p++;
			if (*p != '"') {
				rc = ebb_error_set(
				    err, EBB_ERR_INVALID,
				    "a quoted phrase is not closed: add the final \"");
				break;
			}
			rc = add_term(t, start, (size_t)(p - start), err);
			p++;
		} else {
			start = p;
			while (*p && !blank(*p) && *p != '"')
				p++;
			rc = add_term(t, start, (size_t)(p - start), err);
		}
	}
	if (rc == EBB_OK && t->n == 0)
		rc = ebb_error_set(err, EBB_ERR_INVALID, "say what to look for");
	if (rc != EBB_OK)
		ebb_search_terms_release(t);
	return rc;
}

/* The text fields of a body, visited in a fixed order. */
struct field {
	const char *name;
	const char *text;
};

#define MAX_FIELDS 64

static size_t collect(const json_t *body, struct field *out)
{
	static const char *const plain[] = {"title", "text", "note", "label", "name", "question"};
	size_t n = 0, i;
	const json_t *v;
	const char *key;

	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		v = json_object_get(body, plain[i]);
		if (json_is_string(v))
			out[n++] = (struct field){plain[i], json_string_value(v)};
	}
	for (const struct ebb_word *w = ebb_plan_parts; w->name; w++) {
		v = json_object_get(body, w->name);
		if (json_is_string(v))
			out[n++] = (struct field){w->name, json_string_value(v)};
	}
	json_object_foreach((json_t *)json_object_get(body, "answers"), key, v)
	{
		if (json_is_string(v) && n < MAX_FIELDS)
			out[n++] = (struct field){"answers", json_string_value(v)};
	}
	json_array_foreach(json_object_get(body, "tags"), i, v)
	{
		if (json_is_string(v) && n < MAX_FIELDS)
			out[n++] = (struct field){"tags", json_string_value(v)};
	}
	return n;
}

struct run {
	const struct ebb_search_terms *t;
	ebb_search_fn fn;
	void *ctx;
	struct ebb_fold fold;
};

static enum ebb_status visit(const struct ebb_record *r, void *ctx, struct ebb_error *err)
{
	struct run *run = ctx;
	struct field fields[MAX_FIELDS];
	struct ebb_search_hit hit = {0};
	bool found[EBB_SEARCH_TERMS] = {false};
	size_t nf, nfound = 0, s, e;
	enum ebb_status rc;

	if (r->body == NULL)
		return EBB_OK;
	nf = collect(r->body, fields);
	for (size_t f = 0; f < nf && nfound < run->t->n; f++) {
		rc = ebb_fold_text(&run->fold, fields[f].text, strlen(fields[f].text), err);
		if (rc != EBB_OK)
			return rc;
		for (size_t i = 0; i < run->t->n; i++) {
			if (found[i] ||
			    !ebb_fold_find(&run->fold, run->t->term[i], run->t->len[i], 0, &s, &e))
				continue;
			found[i] = true;
			nfound++;
			if (i == 0)
				hit = (struct ebb_search_hit){fields[f].name, fields[f].text, s, e};
		}
	}
	if (nfound < run->t->n)
		return EBB_OK;
	return run->fn(r, &hit, run->ctx, err);
}

enum ebb_status ebb_search(struct ebb_vault *v, const struct ebb_query *q,
                           const struct ebb_search_terms *t, ebb_search_fn fn, void *ctx,
                           struct ebb_error *err)
{
	struct run run = {.t = t, .fn = fn, .ctx = ctx};
	enum ebb_status rc;

	ebb_fold_init(&run.fold);
	rc = ebb_record_each(v, q, visit, &run, err);
	ebb_fold_release(&run.fold);
	return rc;
}
