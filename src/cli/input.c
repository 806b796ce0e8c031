/*
 * input.c — text from people: a question on the terminal, everything on
 * stdin, or an editor on a private temporary file that is wiped and removed
 * afterwards. See cli.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"

#define TEXT_MAX  (512u * 1024)
#define EDIT_MARK "------------------------ ebb keeps only what is above this line ------"

bool cli_interactive(void)
{
	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
}

int cli_ask(const char *question, struct ebb_buf *out)
{
	struct ebb_error err = {0};
	char c;
	ssize_t n;

	fputs(question, stdout);
	fflush(stdout);
	ebb_buf_reset(out);
	for (;;) {
		n = read(STDIN_FILENO, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (out->len)
				break;
			fputc('\n', stdout);
			return EX_NOINPUT;
		}
		if (c == '\n')
			break;
		if (ebb_buf_add(out, &c, 1, &err) != EBB_OK)
			return cli_fail(&err);
	}
	if (out->len && out->data[out->len - 1] == '\r')
		out->data[--out->len] = '\0';
	return 0;
}

/* Reads fd to its end into out. */
static int slurp(int fd, struct ebb_buf *out, const char *what)
{
	struct ebb_error err = {0};
	char chunk[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cli_failf(EX_IOERR, "cannot read %s: %s", what, strerror(errno));
		if (n == 0)
			break;
		if (ebb_buf_add(out, chunk, (size_t)n, &err) != EBB_OK) {
			explicit_bzero(chunk, sizeof(chunk));
			return cli_failf(EX_DATAERR, "%s is too long (at most %u KiB)", what,
			                 TEXT_MAX / 1024);
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	return 0;
}

int cli_read_stdin(struct ebb_buf *out)
{
	return slurp(STDIN_FILENO, out, "the text");
}

/* Overwrites a file's bytes with zeros and removes it. */
static void wipe_file(const char *path)
{
	static const char zeros[4096];
	struct stat sb;
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd >= 0) {
		if (fstat(fd, &sb) == 0) {
			for (off_t left = sb.st_size; left > 0;) {
				size_t k =
				    left > (off_t)sizeof(zeros) ? sizeof(zeros) : (size_t)left;
				ssize_t w = write(fd, zeros, k);
				if (w <= 0)
					break;
				left -= w;
			}
			fsync(fd);
		}
		close(fd);
	}
	unlink(path);
}

/* Makes a private directory for the editor's file. */
static int private_dir(char *dir, size_t size)
{
	const char *base = getenv("XDG_RUNTIME_DIR");
	struct stat sb;

	if (!(base && *base == '/' && stat(base, &sb) == 0 && S_ISDIR(sb.st_mode)))
		base = getenv("TMPDIR");
	if (!(base && *base == '/'))
		base = "/tmp";
	if (snprintf(dir, size, "%s/ebb-edit-XXXXXX", base) >= (int)size)
		return cli_failf(EX_CANTCREAT, "the temporary directory path is too long");
	if (mkdtemp(dir) == NULL) /* mode 0700 */
		return cli_failf(EX_CANTCREAT, "cannot make a private directory in %s: %s", base,
		                 strerror(errno));
	return 0;
}

/* Runs the editor on path and waits for it. */
static int run_editor(const char *path)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status;

	if (!(ed && *ed))
		ed = getenv("EDITOR");
	if (!(ed && *ed))
		ed = "vi";
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return cli_failf(EX_OSERR, "cannot start the editor: %s", strerror(errno));
	if (pid == 0) {
		/* through sh, so "code --wait" or "emacs -nw" work as people set them */
		execl("/bin/sh", "sh", "-c", "exec $EBB_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return cli_failf(EX_OSERR, "lost the editor: %s", strerror(errno));
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		return cli_failf(EX_SOFTWARE,
		                 "the editor (%s) did not finish normally, so nothing was saved",
		                 ed);
	}
	return 0;
}

int cli_edit(const char *text, const char *guide, struct ebb_buf *out)
{
	char dir[PATH_MAX], path[PATH_MAX + 16];
	const char *ed = getenv("VISUAL");
	FILE *f;
	int fd, r;
	char *mark;

	if (!(ed && *ed))
		ed = getenv("EDITOR");
	if (setenv("EBB_EDITOR", ed && *ed ? ed : "vi", 1) != 0)
		return cli_failf(EX_OSERR, "cannot set up the editor");
	r = private_dir(dir, sizeof(dir));
	if (r != 0)
		return r;
	snprintf(path, sizeof(path), "%s/ebb.md", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		r = cli_failf(EX_CANTCREAT, "cannot create %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	if (text && *text) {
		fputs(text, f);
		if (text[strlen(text) - 1] != '\n')
			fputc('\n', f);
	}
	if (guide && *guide)
		fprintf(f, "\n%s\n%s", EDIT_MARK, guide);
	if (fclose(f) != 0) {
		r = cli_failf(EX_IOERR, "cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	r = run_editor(path);
	if (r != 0)
		goto done;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		r = cli_failf(EX_NOINPUT, "the edited text is gone (%s)", strerror(errno));
		goto done;
	}
	ebb_buf_reset(out);
	r = slurp(fd, out, "the edited text");
	close(fd);
	if (r == 0 && (mark = strstr(out->data, EDIT_MARK)) != NULL) {
		size_t keep = (size_t)(mark - out->data);
		explicit_bzero(mark, out->len - keep);
		out->len = keep;
		out->data[keep] = '\0';
	}
	/* trailing blank lines are the editor's, not the writer's */
	while (r == 0 && out->len &&
	       (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == ' '))
		out->data[--out->len] = '\0';
done:
	wipe_file(path);
	rmdir(dir);
	return r;
}

/* true when the n bytes at s spell name, ignoring ASCII case. */
static bool spells(const char *s, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n && name[i]; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != name[i])
			return false;
	}
	return i == n && name[i] == '\0';
}

const struct ebb_word *cli_word_lookup(const struct ebb_word *list, const char *s, size_t n,
                                       bool numbers)
{
	size_t k = 0, i;

	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (numbers && n > 0 && n <= 2) {
		for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			k = k * 10 + (size_t)(s[i] - '0');
		if (i == n)
			return k >= 1 && k <= ebb_word_count(list) ? &list[k - 1] : NULL;
	}
	for (; list->name; list++)
		if (spells(s, n, list->name))
			return list;
	return NULL;
}

void cli_words_join(char *out, size_t size, const struct ebb_word *list)
{
	size_t len = 0;

	out[0] = '\0';
	for (; list->name && len < size; list++) {
		int k = snprintf(out + len, size - len, "%s%s", len ? ", " : "", list->name);
		if (k < 0)
			break;
		len += (size_t)k;
	}
}

int cli_ask_note(const char *question, struct ebb_buf *ans, json_t *body)
{
	json_t *s;
	int r;

	fputc('\n', stdout);
	for (;;) {
		r = cli_ask(question, ans);
		if (r != 0)
			return r;
		if (ebb_text_blank(ans->data))
			return 0;
		s = json_string(ans->data);
		if (s != NULL)
			return json_object_set_new(body, "note", s) == 0
			           ? 0
			           : cli_failf(EX_OSERR, "out of memory");
		puts("  That could not be read as UTF-8 text; please try again.");
	}
}
