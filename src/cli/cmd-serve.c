/*
 * cmd-serve.c — `ebb serve`: the page in the browser, on this computer
 * only. Starts the server (src/web), prints the one-time address, opens a
 * browser when asked, and runs until Ctrl-C or SIGTERM, locking the vault
 * when it has been idle. All the HTTP is in src/web; this file owns the
 * terminal, the signals and the loop.
 */
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "web.h"

#define IDLE_DEFAULT (15 * 60) /* seconds */

extern char **environ;

struct opts {
	struct cli *cli;
	long port; /* -1: the default, falling back to a free one */
	bool open;
	unsigned idle;
	enum ebb_kdf_level kdf;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int on_opt(void *ctx, int c, const char *arg)
{
	struct opts *o = ctx;

	switch (c) {
	case 'p':
		if (!cli_parse_int(arg, 0, 65535, &o->port))
			return cli_usage(o->cli,
			                 "--port is a number from 0 to 65535 (0: any free port)");
		return 0;
	case 'o':
		o->open = true;
		return 0;
	case 'i':
		if (!cli_parse_duration(arg, &o->idle) || o->idle == 0)
			return cli_usage(o->cli, "--idle is a length of time like 90s, 15m or 2h");
		return 0;
	case 'k':
		return cli_parse_kdf(o->cli, arg, &o->kdf);
	}
	return EX_USAGE;
}

/* Asks the desktop to open url in a browser; quietly does nothing when
 * there is no desktop (the address is printed anyway). */
static void open_browser(const char *url)
{
	char *argv[] = {"xdg-open", (char *)url, NULL};
	posix_spawn_file_actions_t fa;
	pid_t pid;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return;
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ) != 0)
		fputs("ebb: could not open a browser; open the address above yourself\n", stderr);
	posix_spawn_file_actions_destroy(&fa);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"port", required_argument, NULL, 'p'},
	    {"open", no_argument, NULL, 'o'},
	    {"idle", required_argument, NULL, 'i'},
	    {"kdf", required_argument, NULL, 'k'},
	    {0},
	};
	struct opts o = {.cli = cli, .port = -1, .idle = IDLE_DEFAULT, .kdf = EBB_KDF_MODERATE};
	struct sigaction sa = {.sa_handler = on_signal};
	char token[EBB_WEB_TOKEN_STR], url[128], idle[32];
	struct ebb_error err = {0};
	struct ebb_web *w = NULL;
	struct ebb_web_opts wo;
	uint16_t port;
	int fd, first, r = cli_getopt(cli, argc, argv, "", longopts, on_opt, &o, &first);

	if (r >= 0)
		return r;
	if (first < argc)
		return cli_usage(cli, "serve takes no arguments; '%s' is extra", argv[first]);
	if (cli->vault_path[0] == '\0')
		return cli_usage(cli,
		                 "cannot tell where the vault lives: set HOME, or give --vault "
		                 "PATH or EBB_VAULT");
	if (ebb_web_listen(o.port < 0 ? EBB_WEB_PORT : (uint16_t)o.port, o.port < 0, &fd, &port,
	                   &err) != EBB_OK)
		return cli_fail(&err);
	wo = (struct ebb_web_opts){.vault_path = cli->vault_path,
	                           .listen_fd = fd,
	                           .port = port,
	                           .idle_seconds = o.idle,
	                           .kdf = o.kdf};
	if (ebb_web_start(&w, &wo, token, &err) != EBB_OK) {
		close(fd);
		return cli_fail(&err);
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	snprintf(url, sizeof(url), "http://127.0.0.1:%u/?t=%s", (unsigned)port, token);
	sodium_memzero(token, sizeof(token));
	cli_format_duration(idle, sizeof(idle), o.idle);
	printf("Open %s in your browser.\n", url);
	printf("The address works once and only on this computer. The vault locks itself after "
	       "%s without use.\nPress Ctrl-C to stop.\n",
	       idle);
	fflush(stdout);
	if (o.open)
		open_browser(url);
	sodium_memzero(url, sizeof(url));

	while (!stop) {
		struct timespec second = {1, 0};

		nanosleep(&second, NULL);
		if (ebb_web_tick(w, time(NULL)) && !stop) {
			printf("Locked after %s without use.\n", idle);
			fflush(stdout);
		}
	}
	ebb_web_stop(w);
	puts("Stopped. The vault is locked.");
	return 0;
}

const struct ebb_cmd cmd_serve = {
    .name = "serve",
    .usage = "[--port N] [--open] [--idle TIME]",
    .summary = "open ebb as a page in your browser",
    .help = "Starts ebb's page on this computer only (127.0.0.1) and prints the address\n"
            "to open. The address holds a one-time key: it works once, in one browser.\n"
            "With no vault yet, the page helps you create one. The vault key stays in\n"
            "this program's memory only while unlocked, and is wiped when you lock, after\n"
            "TIME without use, or when ebb serve stops. Check-ins and urges can be saved\n"
            "while locked; they are folded in at the next unlock.\n"
            "\n"
            "Options:\n"
            "  --port N              the port to use (7770 by default, or a free one if it\n"
            "                        is taken; 0: any free port)\n"
            "  --open                open the address in your browser\n"
            "  --idle TIME           lock after this long without use (15m)\n"
            "  --kdf LEVEL           for a vault the page creates: moderate (default) or\n"
            "                        interactive (quicker to open, less protection)\n",
    .run = run,
};
