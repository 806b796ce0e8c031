/*
 * cli.c — helpers shared by the subcommands: exit statuses, option parsing
 * with the common options, opening and unlocking the vault, reading
 * passphrases without echo. See cli.h.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "crisis.h"
#include "keycache.h"

#define PASS_MAX 1024

int cli_exit_status(enum ebb_status rc)
{
	switch (rc) {
	case EBB_OK:
		return EX_OK;
	case EBB_ERR_NOMEM:
		return EX_OSERR;
	case EBB_ERR_IO:
		return EX_IOERR;
	case EBB_ERR_NOVAULT:
	case EBB_ERR_NOTFOUND:
		return EX_NOINPUT;
	case EBB_ERR_EXISTS:
		return EX_CANTCREAT;
	case EBB_ERR_NOTVAULT:
	case EBB_ERR_CORRUPT:
	case EBB_ERR_INVALID:
		return EX_DATAERR;
	case EBB_ERR_NEWER:
		return EX_PROTOCOL;
	case EBB_ERR_PASSPHRASE:
	case EBB_ERR_LOCKED:
		return EX_NOPERM;
	case EBB_ERR_BUSY:
		return EX_TEMPFAIL;
	case EBB_ERR_KEYRING:
		return EX_UNAVAILABLE;
	case EBB_ERR_INTERNAL:
		return EX_SOFTWARE;
	}
	return EX_SOFTWARE;
}

int cli_fail(const struct ebb_error *err)
{
	fprintf(stderr, "ebb: %s\n", err->msg[0] ? err->msg : ebb_status_str(err->code));
	return cli_exit_status(err->code);
}

int cli_failf(int status, const char *fmt, ...)
{
	va_list ap;

	fputs("ebb: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

int cli_usage(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fputs("ebb: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cli->cmd)
		fprintf(stderr, " (see 'ebb %s --help')\n", cli->cmd->name);
	else
		fputs(" (see 'ebb --help')\n", stderr);
	return EX_USAGE;
}

int cli_help(const struct ebb_cmd *cmd)
{
	printf("usage: ebb %s%s%s\n\n%s\n", cmd->name, cmd->usage[0] ? " " : "", cmd->usage,
	       cmd->summary);
	if (cmd->help && cmd->help[0])
		printf("\n%s", cmd->help);
	fputs("\nCommon options:\n"
	      "  --vault PATH          use the vault at PATH (or set EBB_VAULT)\n"
	      "  --passphrase-fd N     read the passphrase from file descriptor N\n"
	      "  --json                print data as JSON\n"
	      "  --no-color            no colour (also when NO_COLOR is set)\n"
	      "  -h, --help            show this help\n",
	      stdout);
	printf("\nMore: man ebb-%s\n", cmd->name);
	return EX_OK;
}

enum { OPT_JSON = 0x1000, OPT_VAULT, OPT_PASSFD, OPT_NOCOLOR, OPT_HELP };

static const struct option common[] = {
    {"json", no_argument, NULL, OPT_JSON},
    {"vault", required_argument, NULL, OPT_VAULT},
    {"passphrase-fd", required_argument, NULL, OPT_PASSFD},
    {"no-color", no_argument, NULL, OPT_NOCOLOR},
    {"help", no_argument, NULL, OPT_HELP},
};
#define NCOMMON (sizeof(common) / sizeof(common[0]))
#define MAXOPTS 48

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
               const struct option *longopts, int (*on_opt)(void *ctx, int c, const char *arg),
               void *ctx, int *first)
{
	struct option all[MAXOPTS];
	char shorts[64];
	size_t n = 0;
	long fd;
	int c, r;

	for (size_t i = 0; i < NCOMMON; i++)
		all[n++] = common[i];
	for (size_t i = 0; longopts && longopts[i].name && n < MAXOPTS - 1; i++)
		all[n++] = longopts[i];
	memset(&all[n], 0, sizeof(all[n]));
	snprintf(shorts, sizeof(shorts), ":h%s", shortopts ? shortopts : "");

	*first = argc; /* set on every path, so callers never read it unset */
	optind = 0;    /* glibc: reinitialise, forgetting main's "+" ordering */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			cli->json = true;
			break;
		case OPT_VAULT:
			if (snprintf(cli->vault_path, sizeof(cli->vault_path), "%s", optarg) >=
			    (int)sizeof(cli->vault_path))
				return cli_usage(cli, "the vault path is too long");
			cli->vault_given = true;
			break;
		case OPT_PASSFD:
			if (!cli_parse_int(optarg, 0, INT_MAX, &fd))
				return cli_usage(cli,
				                 "--passphrase-fd needs a file descriptor number");
			cli->pass_fd = (int)fd;
			break;
		case OPT_NOCOLOR:
			cli->color = false;
			break;
		case 'h':
		case OPT_HELP:
			return cli_help(cli->cmd);
		case ':':
			return cli_usage(cli, "'%s' needs a value", argv[optind - 1]);
		case '?':
			if (optopt)
				return cli_usage(cli, "unknown option '-%c'", optopt);
			return cli_usage(cli, "unknown option '%s'", argv[optind - 1]);
		default:
			r = on_opt ? on_opt(ctx, c, optarg) : EX_USAGE;
			if (r != 0)
				return r;
		}
	}
	*first = optind;
	return -1;
}

int cli_open(struct cli *cli, struct ebb_vault **out)
{
	struct ebb_error err = {0};
	enum ebb_status rc;

	*out = NULL;
	if (cli->vault_path[0] == '\0')
		return cli_usage(cli,
		                 "cannot tell where the vault lives: set HOME, or give --vault "
		                 "PATH or EBB_VAULT");
	rc = ebb_vault_open(out, cli->vault_path, &err);
	if (rc == EBB_ERR_NOVAULT)
		return cli_failf(EX_NOINPUT, "no vault at %s yet: 'ebb init' creates one",
		                 cli->vault_path);
	if (rc != EBB_OK)
		return cli_fail(&err);
	if (ebb_vault_is_demo(*out))
		fputs("ebb: this is a demo vault: a made-up history, not anyone's real story\n",
		      stderr);
	return 0;
}

/* Tries the key kept in the keyring. True when the vault is now unlocked. */
static bool try_cached(struct ebb_vault *v)
{
	struct ebb_error err = {0};
	uint8_t *key = ebb_secret_alloc(EBB_KEY_BYTES);
	bool ok = false;

	if (key == NULL)
		return false;
	if (ebb_keycache_get(ebb_vault_id(v), key, &err) == EBB_OK)
		ok = ebb_vault_unlock_key(v, key, &err) == EBB_OK;
	ebb_secret_free(key);
	return ok;
}

void cli_unlock_write(struct cli *cli, struct ebb_vault *v)
{
	(void)cli;
	try_cached(v);
}

int cli_unlock_read(struct cli *cli, struct ebb_vault *v)
{
	struct ebb_error err = {0};
	struct ebb_buf pass;
	enum ebb_status rc;
	size_t folded = 0;

	if (!ebb_vault_is_unlocked(v) && !try_cached(v)) {
		ebb_buf_init_secret(&pass, PASS_MAX);
		rc = cli_read_passphrase(cli, cli->pass_fd, "EBB_PASSPHRASE_FILE", 0,
		                         "Passphrase: ", false, &pass, &err);
		if (rc == EBB_ERR_NOTFOUND) {
			ebb_buf_release(&pass);
			return cli_failf(EX_NOPERM,
			                 "the vault is locked: run 'ebb unlock' first, or give the "
			                 "passphrase with --passphrase-fd or EBB_PASSPHRASE_FILE");
		}
		if (rc == EBB_OK)
			rc = ebb_vault_unlock(v, pass.data, pass.len, &err);
		ebb_buf_release(&pass);
		if (rc != EBB_OK)
			return cli_fail(&err);
	}
	/* entries written while locked join the rest; if that cannot happen
	 * now (a read-only disk, a damaged entry) they wait, and reading goes on */
	if (ebb_vault_fold(v, &folded, &err) != EBB_OK) {
		size_t waiting = 0;
		if (err.code == EBB_ERR_CORRUPT ||
		    ebb_vault_inbox_count(v, &waiting, &(struct ebb_error){0}) != EBB_OK)
			fprintf(stderr, "ebb: warning: %s\n", err.msg);
		else
			fprintf(
			    stderr,
			    "ebb: warning: %zu %s written while locked %s not shown: they are safe "
			    "and join the rest once the vault can be written (%s)\n",
			    waiting, waiting == 1 ? "entry" : "entries",
			    waiting == 1 ? "is" : "are", err.msg);
	}
	return 0;
}

/* ---- passphrases ------------------------------------------------------ */

static struct termios saved_term;
static volatile sig_atomic_t term_fd = -1;

static void restore_term(int sig)
{
	if (term_fd >= 0)
		tcsetattr(term_fd, TCSAFLUSH, &saved_term);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Reads line number `line` (0-based) from fd byte by byte, so that a later
 * read gets the next line, into out. A final line without a newline counts.
 */
static enum ebb_status read_line(int fd, int line, struct ebb_buf *out, struct ebb_error *err)
{
	char c;
	ssize_t n;
	int at = 0;
	enum ebb_status rc;

	ebb_buf_reset(out);
	for (;;) {
		n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return ebb_error_set(err, EBB_ERR_IO, "cannot read the passphrase: %s",
			                     strerror(errno));
		if (n == 0 || c == '\n') {
			if (at == line)
				break;
			if (n == 0)
				return ebb_error_set(err, EBB_ERR_PASSPHRASE,
				                     "the passphrase input ended early");
			at++;
			continue;
		}
		if (at != line)
			continue;
		rc = ebb_buf_add(out, &c, 1, err);
		if (rc != EBB_OK)
			return ebb_error_set(err, EBB_ERR_INVALID,
			                     "the passphrase is too long (at most %d bytes)",
			                     PASS_MAX);
	}
	if (out->len && out->data[out->len - 1] == '\r')
		out->data[--out->len] = '\0';
	return EBB_OK;
}

static enum ebb_status ask_tty(int fd, const char *prompt, struct ebb_buf *out,
                               struct ebb_error *err)
{
	struct termios t;
	enum ebb_status rc;

	if (tcgetattr(fd, &saved_term) != 0)
		return ebb_error_set(err, EBB_ERR_IO, "cannot use the terminal: %s",
		                     strerror(errno));
	t = saved_term;
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	t.c_lflag |= ICANON;
	term_fd = fd;
	signal(SIGINT, restore_term);
	signal(SIGTERM, restore_term);
	signal(SIGHUP, restore_term);
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy; go on */
	}
	tcsetattr(fd, TCSAFLUSH, &t);
	rc = read_line(fd, 0, out, err);
	tcsetattr(fd, TCSAFLUSH, &saved_term);
	term_fd = -1;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do */
	}
	return rc;
}

enum ebb_status cli_read_passphrase(struct cli *cli, int fd, const char *env_name, int line,
                                    const char *prompt, bool confirm, struct ebb_buf *out,
                                    struct ebb_error *err)
{
	const char *file = env_name ? getenv(env_name) : NULL;
	struct ebb_buf again;
	enum ebb_status rc;
	int tty;

	(void)cli;
	if (fd >= 0)
		return read_line(fd, line, out, err);
	if (file && *file) {
		int ffd = open(file, O_RDONLY | O_CLOEXEC);
		if (ffd < 0)
			return ebb_error_set(err, EBB_ERR_IO, "cannot read %s (%s): %s", file,
			                     env_name, strerror(errno));
		rc = read_line(ffd, line, out, err);
		close(ffd);
		return rc;
	}
	tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (tty < 0 || !isatty(tty)) {
		if (tty >= 0)
			close(tty);
		return ebb_error_set(err, EBB_ERR_NOTFOUND,
		                     "no terminal to ask for the passphrase");
	}
	rc = ask_tty(tty, prompt, out, err);
	if (rc == EBB_OK && confirm) {
		ebb_buf_init_secret(&again, PASS_MAX);
		rc = ask_tty(tty, "Once more, to be sure: ", &again, err);
		if (rc == EBB_OK &&
		    (again.len != out->len || !ebb_secret_equal(again.data, out->data, out->len)))
			rc = ebb_error_set(err, EBB_ERR_PASSPHRASE,
			                   "the two passphrases differ; nothing was changed");
		ebb_buf_release(&again);
	}
	close(tty);
	return rc;
}

/* ---- small parsers and printers ---------------------------------------- */

bool cli_parse_int(const char *s, long lo, long hi, long *out)
{
	long v = 0;
	bool neg = false;
	const char *p = s;

	if (s == NULL || *p == '\0')
		return false;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p == '\0')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (LONG_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool cli_parse_duration(const char *s, unsigned *out)
{
	unsigned long total = 0, n;
	bool any = false;
	const char *p = s;

	if (s == NULL || *s == '\0')
		return false;
	while (*p) {
		if (*p < '0' || *p > '9')
			return false;
		n = 0;
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (unsigned long)(*p++ - '0');
			if (n > 10u * 86400)
				return false;
		}
		switch (*p) {
		case '\0':
			if (any)
				return false; /* "1h30" is ambiguous */
			break;
		case 's':
			p++;
			break;
		case 'm':
			n *= 60;
			p++;
			break;
		case 'h':
			n *= 3600;
			p++;
			break;
		case 'd':
			n *= 86400;
			p++;
			break;
		default:
			return false;
		}
		total += n;
		any = true;
		if (total > 10u * 86400)
			return false;
	}
	if (total == 0)
		return false;
	*out = (unsigned)total;
	return true;
}

void cli_format_duration(char *out, size_t size, unsigned s)
{
	if (s % 86400 == 0)
		snprintf(out, size, "%u day%s", s / 86400, s == 86400 ? "" : "s");
	else if (s % 3600 == 0)
		snprintf(out, size, "%u hour%s", s / 3600, s == 3600 ? "" : "s");
	else if (s % 60 == 0)
		snprintf(out, size, "%u minute%s", s / 60, s == 60 ? "" : "s");
	else
		snprintf(out, size, "%u second%s", s, s == 1 ? "" : "s");
}

void cli_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/*
 * The short form, for a check-in at 10 and the safety plan: the lines of
 * the person's country when the locale names one ebb lists (with its
 * emergency number), else the lines DESIGN.md promises; then the
 * directory. `ebb help crisis` (cmd-help.c) shows the whole list.
 */
void cli_print_crisis(FILE *f)
{
	static const struct {
		const char *code, *where;
		bool named; /* the line's name holds for the whole group */
	} promised[] = {
	    {"US", "US and Canada", false},
	    {"GB", "UK and Ireland", true},
	    {"AU", "Australia", true},
	};
	const struct ebb_crisis_country *c;
	char cc[3], how[160], nums[64];

	fputs("If you are in danger or thinking about ending your life,\n"
	      "please reach out to someone now:\n",
	      f);
	c = ebb_crisis_guess(cc) ? ebb_crisis_find(cc) : NULL;
	if (c) {
		ebb_crisis_join(nums, sizeof(nums), c->emergency, EBB_CRISIS_NUMBERS);
		fprintf(f, "  - emergency services (%s): call %s\n", c->name, nums);
		for (const struct ebb_crisis_line *l = c->lines; l->name; l++) {
			bool plain = strcmp(l->name, l->numbers[0]) == 0; /* "50808" */

			ebb_crisis_how(how, sizeof(how), l, EBB_CRISIS_NUMBERS);
			if (plain)
				fprintf(f, "  - %s%s\n", how, l->always_open ? " (24/7)" : "");
			else
				fprintf(f, "  - %s (%s%s)\n", how, l->name,
				        l->always_open ? ", 24/7" : "");
		}
	} else {
		fputs("  - your local emergency number: 112 across Europe, 911 in the US and "
		      "Canada,\n    999 in the UK, 000 in Australia\n",
		      f);
		for (size_t i = 0; i < sizeof(promised) / sizeof(promised[0]); i++) {
			const struct ebb_crisis_line *l;

			c = ebb_crisis_find(promised[i].code);
			if (c == NULL)
				continue;
			l = &c->lines[0];
			ebb_crisis_how(how, sizeof(how), l, EBB_CRISIS_NUMBERS);
			fprintf(f, "  - %s: %s", promised[i].where, how);
			if (promised[i].named)
				fprintf(f, " (%s%s)\n", l->name, l->always_open ? ", 24/7" : "");
			else
				fputs(l->always_open ? ", 24/7\n" : "\n", f);
		}
	}
	fprintf(f, "  - anywhere: %s lists free, confidential lines by country\n",
	        ebb_crisis_directories[0].url);
	fputs("  - more, for every country: ebb help crisis\n"
	      "ebb is not therapy and cannot call anyone for you; a person can help right now.\n",
	      f);
}

int cli_parse_kdf(struct cli *cli, const char *arg, enum ebb_kdf_level *out)
{
	if (strcmp(arg, "moderate") == 0)
		*out = EBB_KDF_MODERATE;
	else if (strcmp(arg, "interactive") == 0)
		*out = EBB_KDF_INTERACTIVE;
	else
		return cli_usage(cli, "--kdf is 'moderate' or 'interactive'");
	return 0;
}
