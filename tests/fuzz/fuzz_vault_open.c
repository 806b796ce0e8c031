/*
 * fuzz_vault_open.c — libFuzzer target for opening a vault file
 * (src/core/vault.c, src/core/store.c): whatever sits at the vault path —
 * a damaged vault, a half-copied file, something else entirely — must be
 * refused with an error, never crash ebb.
 *
 * Each input is written to one temporary file (made once per process in
 * $EBB_FUZZ_TMPDIR, else /dev/shm or /tmp, reused, removed at a normal
 * exit) and opened; when it opens, the counts that work
 * on a locked vault are read. The seed corpus holds a real vault made by
 * `ebb init`, so mutations reach SQLite's page parsing and ebb's meta
 * checks, not only the "not an ebb vault" test of the header.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crypto.h"
#include "record.h"
#include "vault.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[4096];
static char side[3][4096 + 16];

static void remove_files(void)
{
	unlink(path);
	for (size_t i = 0; i < 3; i++)
		unlink(side[i]);
}

static void setup(void)
{
	static const char *const suffix[3] = {"-wal", "-shm", "-journal"};
	struct ebb_error err = {0};
	const char *dir = getenv("EBB_FUZZ_TMPDIR"); /* run.sh's, removed when it ends */
	int fd;

	if (ebb_crypto_init(&err) != EBB_OK)
		abort();
	/* memory-backed when possible: rewriting a file on ext4 flushes it */
	if (dir == NULL || *dir == '\0')
		dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(path, sizeof(path), "%s/ebb-fuzz-vault-XXXXXX", dir);
	fd = mkstemp(path);
	if (fd < 0) {
		perror("fuzz_vault_open: mkstemp");
		abort();
	}
	close(fd);
	for (size_t i = 0; i < 3; i++)
		snprintf(side[i], sizeof(side[i]), "%s%s", path, suffix[i]);
	atexit(remove_files);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ebb_error err = {0};
	struct ebb_vault *v = NULL;
	enum ebb_status rc;
	size_t n, done = 0;
	int fd;

	if (!ready) {
		setup();
		ready = 1;
	}
	/* a -wal or -shm left by the last input would be read with this one */
	for (size_t i = 0; i < 3; i++)
		unlink(side[i]);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		abort();
	while (done < size) {
		ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
		if (w <= 0)
			abort();
		done += (size_t)w;
	}
	if (ftruncate(fd, (off_t)size) != 0)
		abort();
	close(fd);

	rc = ebb_vault_open(&v, path, &err);
	if (rc != EBB_OK) {
		if (v != NULL || err.code != rc || err.msg[0] == '\0') {
			fprintf(stderr,
			        "fuzz_vault_open: refused (status %d) without its message "
			        "(err.code %d, msg \"%s\")\n",
			        (int)rc, (int)err.code, err.msg);
			abort();
		}
		return 0;
	}
	(void)ebb_vault_inbox_count(v, &n, &err);
	(void)ebb_record_count(v, NULL, &n, &err);
	(void)ebb_record_count(v, "checkin", &n, &err);
	ebb_vault_close(v);
	return 0;
}
