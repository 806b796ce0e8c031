/*
 * demo.c — the made-up history of `ebb demo`. See demo.h for the contract.
 *
 * The model, day t = 0 .. days-1 (t = 0 is the day Sam (demo) left), with
 * u = t / H the share of the way through healing (H = the history, at
 * most 540 days, so a ten-year history settles after a year and a half):
 *   - heaviness(t) = a baseline easing from about 4 towards 1, plus a sum
 *     of Gaussian bumps: waves every 8 to 17 days early (further apart
 *     later) whose size decays with t, a few higher ones (a wave bigger than
 *     the one before), and a bump at each hard date as it comes round;
 *   - each check-in is heaviness at its hour plus noise, rounded and
 *     clipped to 0..10; days are missed (more later, and a few short
 *     breaks), and some days hold two or three check-ins (more early);
 *   - feelings and what is grieved are drawn with weights that move from
 *     early to late words as u grows (a heavy day leans early again);
 *   - urges come more often early and on heavy days; most are let pass,
 *     and reaching out grows rarer; the first two reached-out urges in the
 *     first part bring a contact, and "they" reach out once;
 *   - the four signs are rated about weekly and rise slowly, each at its
 *     own pace; entries come every few days, the first seven (one of each
 *     prompt kind, in a shuffled order) within 30 days.
 * Each part draws from its own stream of the generator (splitmix64 seeded
 * from the seed and the part's number), so tuning one part leaves the
 * others as they were.
 */
#include "demo.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "prompts.h"
#include "record.h"
#include "vocab.h"
#include "when.h"

#define DAY        86400
#define HORIZON    540 /* days: healing is modelled over at most this */
#define NOISE_SD   0.65
#define MAX_BUMPS  4096
#define FIRST_YEAR 1900     /* dates.h accepts 1900..9999 */
#define DAY_MIN    (-25567) /* 1900-01-01 */
#define DAY_MAX    2932896  /* 9999-12-31 */

/* ---- the generator --------------------------------------------------------- */

struct rng {
	uint64_t s;
};

/* splitmix64 (Steele, Lea, Flood 2014): one step. */
static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* A stream of its own for each part of the history. */
static struct rng rng_stream(uint64_t seed, uint64_t part)
{
	struct rng r = {seed ^ (part * UINT64_C(0xd1b54a32d192ed03))};

	rng_next(&r);
	return r;
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [0, n), n > 0. */
static unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_unit(r) * n);
}

static bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* Standard normal (Box–Muller, one of the pair). */
static double rng_normal(struct rng *r)
{
	double a = 1.0 - rng_unit(r); /* (0, 1] */
	double b = rng_unit(r);

	return sqrt(-2.0 * log(a)) * cos(2.0 * 3.14159265358979323846 * b);
}

/* An index drawn with the given weights (n > 0, not all zero). */
static size_t rng_weighted(struct rng *r, const double *w, size_t n)
{
	double total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = rng_unit(r) * total;
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* ---- the words ------------------------------------------------------------- */

/* A word with its weight early in healing and late. */
struct weighted {
	const char *name;
	double early, late;
};

static const struct weighted feelings[] = {
    {"sadness", 5, 2},     {"longing", 5, 1},  {"anger", 3, 0.5},   {"loneliness", 4, 1},
    {"confusion", 3, 0},   {"guilt", 2, 0.3},  {"numbness", 2, 0},  {"fear", 1, 0.3},
    {"love", 1, 0.5},      {"regret", 2, 0.5}, {"tiredness", 2, 1}, {"jealousy", 1, 0},
    {"relief", 1, 3},      {"calm", 0.3, 4},   {"hope", 0.3, 4},    {"freedom", 0.2, 3},
    {"gratitude", 0.2, 3}, {"shame", 0.5, 0},
};
#define NFEELINGS (sizeof(feelings) / sizeof(feelings[0]))

static const struct weighted facets[] = {
    {"potential", 5, 0.7},
    {"familiar", 4, 0.5},
    {"self", 0.7, 5},
    {"investment", 2, 1.5},
};
#define NFACETS (sizeof(facets) / sizeof(facets[0]))

static const char *const notes_early[] = {
    "Woke up reaching for my phone to tell them something. Put it down again.",
    "The flat is so quiet in the evenings.",
    "Cried on the bus. Nobody looked, which helped.",
    "Made dinner for one and actually ate it.",
    "Found one of their jumpers in the wash. Folded it and put it in a box.",
    "Sunday afternoons are the longest part of the week.",
    "Told a friend the whole story today. Lighter after.",
    "Kept replaying the last conversation. Went for a walk to stop.",
};

static const char *const notes_late[] = {
    "Walked the long way home and noticed the trees instead of the memories.",
    "Thought of them this morning and it passed like weather.",
    "A good day, mostly. A song in a shop caught me for a minute.",
    "Signed up for the pottery class I kept putting off.",
    "Slept through the night.",
    "Laughed properly at something. Surprised myself.",
    "Cooked the recipe we never got round to. It was mine now.",
};

static const char *const notes_heavy[] = {
    "Saw an old photo of us. The whole day tilted.",
    "A hard one. Stayed in, let it be hard.",
    "Everything reminded me of them today, even the weather.",
};

static const char *const urge_notes[] = {
    "Wanted to send them a photo of the dog we used to walk.",
    "Drafted a message, deleted it, made tea.",
    "Their song came on in the supermarket.",
    "Wanted to ask if they were all right. Asked my sister how she was instead.",
};

static const char *const reasons[] = {
    "I stopped recognising myself: quieter, smaller, always bracing.",
    "We wanted different lives and kept pretending we didn't.",
    "I asked for the same things for years and nothing changed.",
    "I was lonely even when we were together.",
    "I want a home where I can relax.",
    "Leaving was my decision, and on the clear days it still makes sense.",
};

static const char *const misses[] = {
    "Saturday mornings: coffee and the crossword.",
    "Being known without having to explain.",
    "Their laugh at terrible puns.",
    "Having someone to text when something small and funny happened.",
    "Their family's noisy Sunday dinners.",
    "The feeling of a shared plan, even one that wasn't working.",
};

/* Entries: a title and a text for each prompt kind but "lessons". */
static const struct entry_text {
	const char *kind, *title, *text;
} entry_texts[] = {
    {"unlived", "The blue door",
     "We were going to rent the little house by the sea for a summer. I can still picture "
     "the blue door. It was a good dream. It just was not ours to live."},
    {"unlived", "A garden",
     "I had us growing old with a garden and too many cats. Writing it down, I notice most "
     "of it was about feeling at home. I can build some of that on my own."},
    {"letter", "A letter I won't send",
     "Dear Sam, I kept waiting for you to notice how tired I was. I am not writing to blame "
     "you. I am writing so that I can stop carrying this sentence around. Take care of "
     "yourself. I am taking care of me."},
    {"letter", "What I never said",
     "What I never got to tell you is that I was proud of you, often, and lonely beside "
     "you, often. Both were true."},
    {"anger", "There, I said it",
     "I am angry that I was always the one who planned, remembered, apologised. I am angry "
     "that leaving was still the hardest thing I have done. There. It is on the page, and "
     "the page is fine."},
    {"anger", "Unfair",
     "It was unfair that my tiredness was always the problem and theirs was always the "
     "reason. I don't need to be balanced about it here."},
    {"memory", "Candles",
     "The night the power went out and we played cards by candlelight: I loved that. The "
     "silences after an argument that lasted for days: those hurt. Both happened."},
    {"memory", "The market",
     "Saturday market, warm bread, arguing happily about cheese. And the walk home when I "
     "realised I was the only one trying. I keep the bread."},
    {"closure", "An open question",
     "I will probably never know why it changed. I can live with a question that stays "
     "open. I know enough: I was not happy, and now I have room to be."},
    {"closure", "Their version",
     "Their version of the ending will never match mine, and it doesn't have to. Mine is "
     "the one I live in."},
    {"free", "Ordinary",
     "Ordinary day. Work, groceries, a call with my sister. I only thought about them "
     "twice, and both times it passed."},
    {"free", "Three moments",
     "Heavy morning, ordinary lunch, kind evening: a neighbour brought soup round for no "
     "reason at all."},
};
#define NENTRY_TEXTS (sizeof(entry_texts) / sizeof(entry_texts[0]))

/* The three questions: answers in the order of ebb_lessons (needs, patterns, values). */
static const char *const lessons_answers[][3] = {
    {"To be asked how I am, and listened to when I answer.",
     "I make myself small to keep the peace, and call it being easy-going.",
     "Honesty, even when it is awkward. Rest. Friends who stay."},
    {"Room to change my mind without a fight.", "I mistake being needed for being loved.",
     "A quiet home, my own time, and people who say what they mean."},
};
#define NLESSONS (sizeof(lessons_answers) / sizeof(lessons_answers[0]))

static const struct {
	const char *part, *text;
} plan[] = {
    {"warning-signs", "Not sleeping, skipping meals, checking their profile again and again."},
    {"alone", "A long walk, a hot shower, writing it down, the slow breathing from the app."},
    {"distractions", "The library, the climbing wall, Mia's kitchen table."},
    {"people", "Mia (friend), Jo (my sister), the Thursday walking group."},
    {"professionals", "My GP; the counselling service through work; a crisis line (ebb help "
                      "crisis lists them)."},
    {"safe", "Their number muted; the photos in a box at Jo's for now."},
};

/* ---- collecting the records ------------------------------------------------ */

struct item {
	int64_t at;
	size_t seq; /* order made: keeps records of one second in order */
	const char *kind;
	json_t *body;
};

struct bump {
	double centre, height, width; /* days */
};

struct gen {
	const struct ebb_demo_options *o;
	int64_t first; /* day number of t = 0 */
	int days;
	double horizon;
	struct item *items;
	size_t count, cap;
	struct bump *bumps;
	size_t nbumps;
	const char *last_note; /* the note of the last check-in that had one */
	bool nomem;
};

/* Adds a record of kind on day t at second sod of the local day; takes body. */
static void add(struct gen *g, const char *kind, int t, int sod, json_t *body)
{
	struct item *it;

	if (body == NULL) {
		g->nomem = true;
		return;
	}
	if (g->count == g->cap) {
		size_t cap = g->cap ? 2 * g->cap : 512;
		struct item *n = realloc(g->items, cap * sizeof(*n));
		if (n == NULL) {
			json_decref(body);
			g->nomem = true;
			return;
		}
		g->items = n;
		g->cap = cap;
	}
	it = &g->items[g->count];
	it->at = (g->first + t) * DAY + sod - g->o->offset;
	it->seq = g->count;
	it->kind = kind;
	it->body = body;
	g->count++;
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* A second of the day between hours h0 and h1. */
static int at_hours(struct rng *r, double h0, double h1)
{
	return (int)((h0 + rng_unit(r) * (h1 - h0)) * 3600);
}

/* Share of the way through healing on day t, 0..1. */
static double progress(const struct gen *g, double t)
{
	double u = t / g->horizon;

	return u < 0 ? 0 : u > 1 ? 1 : u;
}

/* How heavy things are at (fractional) day t, before noise. */
static double heaviness(const struct gen *g, double t)
{
	double h = 1.0 + 3.0 * exp(-t / (0.4 * g->horizon));

	for (size_t i = 0; i < g->nbumps; i++) {
		double z = (t - g->bumps[i].centre) / g->bumps[i].width;
		if (z > -6 && z < 6)
			h += g->bumps[i].height * exp(-0.5 * z * z);
	}
	return h;
}

static void add_bump(struct gen *g, double centre, double height, double width)
{
	if (g->nbumps < MAX_BUMPS)
		g->bumps[g->nbumps++] = (struct bump){centre, height, width};
}

/* A JSON string array of the names of a weighted list: k distinct picks. */
static json_t *pick_words(struct rng *r, const struct weighted *list, size_t n, size_t k, double u)
{
	double w[32];
	json_t *a = json_array();

	if (a == NULL)
		return NULL;
	for (size_t i = 0; i < n && i < 32; i++)
		w[i] = (1 - u) * list[i].early + u * list[i].late;
	for (size_t j = 0; j < k; j++) {
		size_t i = rng_weighted(r, w, n);
		if (w[i] <= 0)
			break;
		w[i] = 0; /* distinct */
		if (json_array_append_new(a, json_string(list[i].name)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

/* ---- the parts of the history -------------------------------------------- */

/* The three yearly hard dates, written YYYY-MM-DD. */
struct hard {
	char birthday[EBB_DATE_STR], met[EBB_DATE_STR], left[EBB_DATE_STR];
};

/* The date in year with day's month and day (February 29 becomes the 28th
 * in a common year). */
static void date_in_year(char out[EBB_DATE_STR], int64_t day, int64_t year)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
	if (m == 2 && d == 29 && !(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		d = 28;
	ebb_date_format(out, ebb_days_from_civil(year, m, d));
}

static int64_t year_of(int64_t day)
{
	int64_t y;
	int m, d;

	ebb_civil_from_days(day, &y, &m, &d);
	return y;
}

/* The profile, the hard dates, the safety plan, reasons and misses. */
static void make_setup(struct gen *g, struct hard *hd)
{
	struct rng r = rng_stream(g->o->seed, 1);
	int span = g->days < 365 ? g->days : 365;
	int64_t year = year_of(g->first);
	static const struct {
		const char *label;
		size_t off; /* into struct hard */
	} dates[] = {
	    {"their birthday", offsetof(struct hard, birthday)},
	    {"the day we met", offsetof(struct hard, met)},
	    {"the day I left", offsetof(struct hard, left)},
	};
	json_t *b;

	ebb_date_format(hd->left, g->first);
	date_in_year(hd->birthday, g->first + (int64_t)(0.55 * span), year - 31);
	date_in_year(hd->met, g->first + (int64_t)(0.8 * span), year - 4);

	add(g, "profile", 0, at_hours(&r, 20, 22),
	    json_pack("{s:s, s:s, s:s}", "left_on", hd->left, "name", EBB_DEMO_NAME, "relationship",
	              "partner"));
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		add(g, "date", 1, at_hours(&r, 20, 21),
		    json_pack("{s:s, s:s, s:b}", "date", (const char *)hd + dates[i].off, "label",
		              dates[i].label, "yearly", 1));
	b = json_object();
	for (size_t i = 0; b && i < sizeof(plan) / sizeof(plan[0]); i++)
		if (json_object_set_new(b, plan[i].part, json_string(plan[i].text)) != 0) {
			json_decref(b);
			b = NULL;
		}
	add(g, "plan", 2, at_hours(&r, 21, 22), b);
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		add(g, "reason", (int)rng_below(&r, 11), at_hours(&r, 9, 23),
		    json_pack("{s:s}", "text", reasons[i]));
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++) {
		/* most in the first fortnight, the last two later on */
		int t = i < 4 ? 1 + (int)rng_below(&r, 14)
		              : (int)((i == 4 ? 0.3 : 0.6) * span) + (int)rng_below(&r, 5);
		add(g, "miss", t < g->days ? t : g->days - 1, at_hours(&r, 9, 23),
		    json_pack("{s:s}", "text", misses[i]));
	}
}

/* The waves, a few higher than the one before, and the bumps at the hard dates. */
static void make_waves(struct gen *g, const struct hard *hd)
{
	struct rng r = rng_stream(g->o->seed, 2);
	const char *yearly[] = {hd->birthday, hd->met, hd->left};
	int64_t last = g->first + g->days - 1;
	double c = 1 + 3 * rng_unit(&r), prev = 0;

	while (c < g->days + 4) {
		double u = progress(g, c);
		double a = (1.2 + 4.2 * exp(-c / (0.45 * g->horizon))) * (0.7 + 0.6 * rng_unit(&r));
		if (prev > 0 && rng_chance(&r, 0.15)) /* higher than the one before: common */
			a = fmax(a, prev * (1.05 + 0.3 * rng_unit(&r)));
		a = fmin(a, 6.5);
		add_bump(g, c, a, 1.2 + 1.8 * rng_unit(&r));
		prev = a;
		c += (8 + 9 * rng_unit(&r)) * (1 + 0.8 * u);
	}
	/* each hard date as it comes round, the day before it felt too */
	for (size_t i = 0; i < sizeof(yearly) / sizeof(yearly[0]); i++) {
		int64_t from = g->first + 1, next;
		while (ebb_date_next(yearly[i], true, from, &next) == EBB_OK && next <= last + 2) {
			double t = (double)(next - g->first);
			add_bump(g, t - 0.3, 1.6 + 2.4 * exp(-t / g->horizon), 1.4);
			from = next + 1;
		}
	}
}

/* A note for a check-in of heaviness v at progress u. */
static const char *pick_note(struct rng *r, double v, double u)
{
	if (v >= 7)
		return notes_heavy[rng_below(r, sizeof(notes_heavy) / sizeof(notes_heavy[0]))];
	if (u < 0.5)
		return notes_early[rng_below(r, sizeof(notes_early) / sizeof(notes_early[0]))];
	return notes_late[rng_below(r, sizeof(notes_late) / sizeof(notes_late[0]))];
}

/* One check-in at second sod of day t. */
static void add_checkin(struct gen *g, struct rng *r, int t, int sod)
{
	double x = t + sod / (double)DAY;
	double v = heaviness(g, x) + NOISE_SD * rng_normal(r);
	double u;
	long iv;
	json_t *b, *w;

	if (sod >= 19 * 3600)
		v += 0.3; /* evenings weigh a little more */
	else if (sod < 10 * 3600)
		v -= 0.2;
	iv = lround(v);
	iv = iv < 0 ? 0 : iv > 10 ? 10 : iv;
	/* a heavy moment leans towards the early words again */
	u = progress(g, x) - (v - 3) * 0.08;
	u = u < 0 ? 0 : u > 1 ? 1 : u;
	b = json_pack("{s:i}", "intensity", (int)iv);
	if (b && rng_chance(r, 0.7)) {
		w = pick_words(r, feelings, NFEELINGS,
		               1 + rng_chance(r, 0.45) + rng_chance(r, 0.15), u);
		if (w == NULL || json_object_set_new(b, "feelings", w) != 0)
			goto nomem;
	}
	if (b && rng_chance(r, 0.6)) {
		w = pick_words(r, facets, NFACETS, 1 + rng_chance(r, 0.25), u);
		if (w == NULL || json_object_set_new(b, "grieving", w) != 0)
			goto nomem;
	}
	if (b && rng_chance(r, 0.14)) {
		const char *note = pick_note(r, v, u);
		if (note == g->last_note)
			note = pick_note(r, v, u); /* rarely the same words twice running */
		g->last_note = note;
		if (json_object_set_new(b, "note", json_string(note)) != 0)
			goto nomem;
	}
	add(g, "checkin", t, sod, b);
	return;
nomem:
	json_decref(b);
	g->nomem = true;
}

/* How many check-ins day t holds (0: missed). *pause counts down a break. */
static unsigned checkins_on(struct gen *g, struct rng *r, int t, int *pause)
{
	double u = progress(g, t);
	unsigned k;

	if (g->o->per_day) {
		k = g->o->per_day + rng_below(r, 3); /* per_day - 1 .. per_day + 1 */
		return k - 1;
	}
	if (*pause > 0) {
		--*pause;
		k = 0;
	} else if (t > 7 && t < g->days - 3 && rng_chance(r, 0.012 * (0.5 + u))) {
		*pause = 2 + (int)rng_below(r, 5); /* a break of 3 to 7 days */
		k = 0;
	} else if (t > 0 && rng_chance(r, 0.10 + 0.25 * u)) {
		k = 0;
	} else {
		k = 1 + rng_chance(r, 0.35 - 0.2 * u) + rng_chance(r, 0.1 * (1 - u));
		if (heaviness(g, t + 0.8) >= 6 && rng_chance(r, 0.3))
			k++;
	}
	return k;
}

/* Check-ins, urges and the contacts that followed some of them. */
static void make_days(struct gen *g)
{
	struct rng rc = rng_stream(g->o->seed, 3), ru = rng_stream(g->o->seed, 4);
	static const double for_w[] = {35, 10, 25,
	                               10, 15, 5}; /* text call look go-back closure other */
	static const char *const for_n[] = {"text", "call", "look", "go-back", "closure", "other"};
	static const double did_w[] = {34, 24, 24, 6, 12}; /* then reached-out, by its own odds */
	static const char *const did_n[] = {"waited", "breathed", "wrote", "other", NULL};
	static const char *const urge_feel[] = {"longing", "loneliness", "sadness", "anger",
	                                        "love"};
	int span = g->days < 365 ? g->days : 365;
	int pause = 0, by_me = 0;
	int them_day = (int)(0.4 * span) + 3;
	/* one urge in the first fortnight is reached out on, whatever the dice say */
	int reached_day = 3 + (int)rng_below(&ru, 10), n;

	for (int t = 0; t < g->days && !g->nomem; t++) {
		double u = progress(g, t);
		unsigned k = checkins_on(g, &rc, t, &pause);
		double lambda;

		if (k == 0 && t == g->days - 1)
			k = 1; /* the history ends on its last day */
		for (unsigned j = 0; j < k; j++) {
			double len = 16.5 / k, lo = 7 + j * len;
			if (k == 1 && rng_chance(&rc, 0.6))
				add_checkin(g, &rc, t, at_hours(&rc, 19, 23));
			else
				add_checkin(g, &rc, t, at_hours(&rc, lo, lo + len));
		}

		/* urges: more early and on heavy days, fewer on days not logged */
		lambda = 0.06 + 0.5 * exp(-t / (0.25 * g->horizon));
		if (heaviness(g, t + 0.5) >= 6)
			lambda += 0.25;
		if (k == 0)
			lambda /= 2;
		n = rng_chance(&ru, lambda) + rng_chance(&ru, lambda / 2);
		if (t == reached_day && n == 0)
			n = 1;
		for (; n > 0; n--) {
			int sod = at_hours(&ru, 8, 23);
			double reach = 0.01 + 0.06 * exp(-t / (0.3 * g->horizon));
			const char *did = rng_chance(&ru, reach) || (t == reached_day && n == 1)
			                      ? "reached-out"
			                      : did_n[rng_weighted(&ru, did_w, 5)];
			json_t *b = json_pack(
			    "{s:i, s:s, s:s}", "intensity",
			    (int)lround(fmin(10, 2 + 4.5 * (1 - u) + 3 * rng_unit(&ru))), "for",
			    for_n[rng_weighted(&ru, for_w, 6)], "feeling",
			    urge_feel[rng_below(&ru, sizeof(urge_feel) / sizeof(urge_feel[0]))]);
			if (b && did && json_object_set_new(b, "did", json_string(did)) != 0) {
				json_decref(b);
				b = NULL;
			}
			if (b && rng_chance(&ru, 0.2) &&
			    json_object_set_new(
			        b, "note",
			        json_string(urge_notes[rng_below(
			            &ru, sizeof(urge_notes) / sizeof(urge_notes[0]))])) != 0) {
				json_decref(b);
				b = NULL;
			}
			add(g, "urge", t, sod, b);
			if (did && strcmp(did, "reached-out") == 0 && by_me < 2 && t < 0.6 * span) {
				int later = sod + 600 + (int)rng_below(&ru, 3000);
				add(g, "contact", t, later < DAY ? later : DAY - 1,
				    json_pack("{s:s, s:s}", "by", "me", "note",
				              by_me == 0
				                  ? "I texted to ask how they were. A short, "
				                    "polite reply."
				                  : "I called. We talked about nothing for ten "
				                    "minutes and I felt emptier after."));
				by_me++;
			}
		}
		if (t == them_day)
			add(g, "contact", t, at_hours(&ru, 10, 20),
			    json_pack(
			        "{s:s, s:s}", "by", "them", "note",
			        "They wrote about returning my books. I said a neighbour could "
			        "collect them."));
	}
}

/* The four signs, rated about once a week, each rising at its own pace. */
static void make_signs(struct gen *g)
{
	struct rng r = rng_stream(g->o->seed, 5);
	static const double pace[] = {1.1, 0.9, 0.75, 0.6}; /* think explain lessons trust */

	for (int w = 0;; w++) {
		int t = 6 + 7 * w + (int)rng_below(&r, 3) - 1;
		json_t *a;
		if (t >= g->days || g->nomem)
			break;
		if (rng_chance(&r, 0.12))
			continue; /* a week without */
		a = json_array();
		for (size_t i = 0; a && i < sizeof(pace) / sizeof(pace[0]); i++) {
			double x = 0.4 + 3.3 * (1 - exp(-pace[i] * t / (0.6 * g->horizon))) +
			           0.45 * rng_normal(&r);
			long v = lround(x);
			if (json_array_append_new(a, json_integer(v < 0   ? 0
			                                          : v > 4 ? 4
			                                                  : v)) != 0) {
				json_decref(a);
				a = NULL;
			}
		}
		add(g, "signs", t, at_hours(&r, 19, 21),
		    a ? json_pack("{s:o}", "ratings", a) : NULL);
	}
}

/* One entry of kind on day t. */
static void add_entry(struct gen *g, struct rng *r, int t, const char *kind)
{
	const struct ebb_prompt *p = NULL;
	size_t np = ebb_prompt_count(kind), nt = 0, pick;
	json_t *b;

	if (np)
		p = ebb_prompt_at(kind, rng_below(r, (unsigned)np));
	b = json_pack("{s:s, s:[s]}", "prompt", kind, "tags", "demo");
	if (b && p &&
	    (json_object_set_new(b, "prompt_id", json_string(p->id)) != 0 ||
	     json_object_set_new(b, "question", json_string(p->text)) != 0))
		goto nomem;
	if (b && strcmp(kind, "lessons") == 0) {
		const char *const *a = lessons_answers[rng_below(r, NLESSONS)];
		json_t *answers = json_object();
		char text[1024];
		size_t n = 0;

		for (size_t i = 0; answers && i < 3 && ebb_lessons[i].name; i++) {
			int w = snprintf(text + n, sizeof(text) - n, "%s%s\n%s", n ? "\n\n" : "",
			                 ebb_lessons[i].label, a[i]);
			if (w > 0 && (size_t)w < sizeof(text) - n)
				n += (size_t)w;
			if (json_object_set_new(answers, ebb_lessons[i].name, json_string(a[i])) !=
			    0) {
				json_decref(answers);
				answers = NULL;
			}
		}
		if (answers == NULL || json_object_set_new(b, "answers", answers) != 0 ||
		    json_object_set_new(b, "text", json_string(text)) != 0 ||
		    json_object_set_new(b, "title", json_string("Three questions")) != 0)
			goto nomem;
	} else if (b) {
		for (size_t i = 0; i < NENTRY_TEXTS; i++)
			nt += strcmp(entry_texts[i].kind, kind) == 0;
		pick = nt ? rng_below(r, (unsigned)nt) : 0;
		for (size_t i = 0; i < NENTRY_TEXTS; i++) {
			if (nt && strcmp(entry_texts[i].kind, kind) != 0)
				continue;
			if (pick-- == 0) {
				if (json_object_set_new(b, "title",
				                        json_string(entry_texts[i].title)) ||
				    json_object_set_new(b, "text",
				                        json_string(entry_texts[i].text)))
					goto nomem;
				break;
			}
		}
	}
	add(g, "entry", t, at_hours(r, 20, 22.5), b);
	return;
nomem:
	json_decref(b);
	g->nomem = true;
}

/* Entries: one of each prompt kind in the first weeks, then every few days. */
static void make_entries(struct gen *g)
{
	struct rng r = rng_stream(g->o->seed, 6);
	size_t nk = ebb_word_count(ebb_prompt_kinds), order[16], next = 0, made = 0;
	int t = 1 + (int)rng_below(&r, 2);

	if (nk > 16)
		nk = 16;
	while (t < g->days && !g->nomem) {
		if (next == 0) { /* a new round: every kind once, shuffled */
			for (size_t i = 0; i < nk; i++)
				order[i] = i;
			for (size_t i = nk - 1; i > 0; i--) {
				size_t j = rng_below(&r, (unsigned)(i + 1)), x = order[i];
				order[i] = order[j];
				order[j] = x;
			}
		}
		add_entry(g, &r, t, ebb_prompt_kinds[order[next]].name);
		next = (next + 1) % nk;
		made++;
		if (made < nk)
			t += 2 + (int)rng_below(&r, 3); /* all kinds within the first 30 days */
		else
			t += (int)((5 + rng_below(&r, 7)) * (1 + progress(g, t)));
	}
}

/* ---- the whole ----------------------------------------------------------- */

void ebb_demo_options_init(struct ebb_demo_options *o, int64_t last_day, int32_t offset)
{
	memset(o, 0, sizeof(*o));
	o->days = EBB_DEMO_DAYS_DEFAULT;
	o->seed = EBB_DEMO_SEED;
	o->last_day = last_day;
	o->offset = offset;
}

enum ebb_status ebb_demo_generate(const struct ebb_demo_options *o, ebb_demo_fn fn, void *ctx,
                                  struct ebb_error *err)
{
	struct gen g = {.o = o};
	struct hard hd;
	enum ebb_status rc = EBB_OK;

	if (o->days < EBB_DEMO_DAYS_MIN || o->days > EBB_DEMO_DAYS_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID, "a demo history is %d to %d days long",
		                     EBB_DEMO_DAYS_MIN, EBB_DEMO_DAYS_MAX);
	if (o->per_day > EBB_DEMO_PER_DAY_MAX)
		return ebb_error_set(err, EBB_ERR_INVALID, "at most %d check-ins a day",
		                     EBB_DEMO_PER_DAY_MAX);
	if (o->offset < -DAY || o->offset > DAY)
		return ebb_error_set(err, EBB_ERR_INVALID, "the UTC offset is out of range");
	g.first = o->last_day - (o->days - 1);
	/* the hard dates go back 31 years; dates.h knows 1900..9999 */
	if (o->last_day < DAY_MIN || o->last_day > DAY_MAX || year_of(g.first) < FIRST_YEAR + 31)
		return ebb_error_set(err, EBB_ERR_INVALID,
		                     "a demo history must fall between the years 1931 and 9999");
	g.days = o->days;
	g.horizon = o->days < HORIZON ? o->days : HORIZON;
	g.bumps = malloc(MAX_BUMPS * sizeof(*g.bumps));
	if (g.bumps == NULL)
		return ebb_error_set(err, EBB_ERR_NOMEM, "out of memory");

	make_setup(&g, &hd);
	make_waves(&g, &hd);
	make_days(&g);
	make_signs(&g);
	make_entries(&g);
	if (g.nomem)
		rc = ebb_error_set(err, EBB_ERR_NOMEM, "out of memory making the demo history");
	else if (g.count)
		qsort(g.items, g.count, sizeof(*g.items), cmp_item);
	for (size_t i = 0; i < g.count && rc == EBB_OK; i++) {
		struct ebb_demo_record r = {g.items[i].kind, g.items[i].at, o->offset,
		                            g.items[i].body};
		rc = fn(&r, ctx, err);
	}
	for (size_t i = 0; i < g.count; i++)
		json_decref(g.items[i].body);
	free(g.items);
	free(g.bumps);
	return rc;
}

struct fill {
	struct ebb_vault *v;
	size_t n;
};

static enum ebb_status write_one(const struct ebb_demo_record *r, void *ctx, struct ebb_error *err)
{
	struct fill *f = ctx;
	enum ebb_status rc =
	    ebb_record_add(f->v, r->kind, r->at, r->offset, r->body, NULL, NULL, err);

	if (rc == EBB_OK)
		f->n++;
	return rc;
}

enum ebb_status ebb_demo_fill(struct ebb_vault *v, const struct ebb_demo_options *o,
                              size_t *records, struct ebb_error *err)
{
	struct fill f = {.v = v};
	enum ebb_status rc;

	if (records)
		*records = 0;
	if (!ebb_vault_is_unlocked(v))
		return ebb_error_set(err, EBB_ERR_LOCKED, "the vault is locked");
	/* one transaction: a history cut short is never left behind, and the
	 * mark comes first all the same */
	rc = ebb_vault_begin(v, err);
	if (rc != EBB_OK)
		return rc;
	rc = ebb_vault_mark_demo(v, err);
	if (rc == EBB_OK)
		rc = ebb_demo_generate(o, write_one, &f, err);
	if (rc == EBB_OK)
		rc = ebb_vault_commit(v, err);
	else
		ebb_vault_rollback(v);
	if (rc != EBB_OK)
		f.n = 0;
	if (records)
		*records = f.n;
	return rc;
}
