#!/usr/bin/env bats
# ebb serve: the command's own behaviour (starting, the printed address,
# options, stopping). What the server answers is tested in tests/web.

load helpers

# start_serve ARGS...: starts ebb serve in the background; sets PID, URL, BASE.
start_serve() {
	"$EBB" serve --port 0 --kdf interactive "$@" >"$T/serve.out" 2>"$T/serve.err" </dev/null &
	PID=$!
	for _ in $(seq 1 100); do
		URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/?t=[0-9a-f]*' "$T/serve.out" 2>/dev/null) && break
		sleep 0.05
	done
	[ -n "$URL" ] || { cat "$T/serve.out" "$T/serve.err"; false; }
	BASE=${URL%%/\?*}
}

stop_serve() {
	kill -TERM "$PID"
	wait "$PID"
}

teardown() {
	[ -n "${PID:-}" ] && kill -KILL "$PID" 2>/dev/null || true
	common_teardown
}

@test "serve prints a one-time address on 127.0.0.1 and stops on SIGTERM with exit 0" {
	start_serve
	[[ "$URL" =~ ^http://127\.0\.0\.1:[0-9]+/\?t=[0-9a-f]{64}$ ]]
	grep -q 'works once and only on this computer' "$T/serve.out"
	run curl -s -o /dev/null -w '%{http_code}' "$URL"
	[ "$output" = 303 ]
	run curl -s -o /dev/null -w '%{http_code}' "$URL"
	[ "$output" = 401 ]
	kill -TERM "$PID"
	rc=0
	wait "$PID" || rc=$?
	[ "$rc" -eq 0 ]
	grep -q 'Stopped. The vault is locked.' "$T/serve.out"
}

@test "serve with no vault yet starts, and creates nothing until the page asks" {
	start_serve
	[ ! -e "$VAULT" ]
	stop_serve
	[ ! -e "$VAULT" ]
}

@test "serve on a file that is not a vault: exit 65, nothing served" {
	mkdir -p "$(dirname "$VAULT")"
	printf 'not a vault at all, just some text that is long enough\n' >"$VAULT"
	cp "$VAULT" "$T/before"
	run_ebb serve --port 0
	expect_exit 65
	cmp "$VAULT" "$T/before"
}

@test "serve on a port in use: exit 75 and a message naming the port" {
	start_serve
	port=${BASE##*:}
	run_ebb serve --port "$port"
	expect_exit 75
	[[ "$stderr" == *"port $port is in use"* ]] || { show_run; false; }
	stop_serve
}

@test "serve rejects options it cannot use with exit 64" {
	run_ebb serve --port 70000
	expect_exit 64
	run_ebb serve --idle soon
	expect_exit 64
	run_ebb serve --kdf fast
	expect_exit 64
	run_ebb serve extra
	expect_exit 64
}

@test "serve --idle locks the vault after that long without use" {
	make_vault
	start_serve --idle 1s
	curl -s -c "$T/jar" -o /dev/null "$URL"
	csrf=$(curl -s -b "$T/jar" "$BASE/api/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
	run curl -s -b "$T/jar" -H "X-Ebb-CSRF: $csrf" -H 'Content-Type: application/json' \
		-d "{\"passphrase\": \"$PASS\"}" "$BASE/api/unlock"
	[[ "$output" == *'"unlocked":true'* ]] || { echo "$output"; false; }
	for _ in $(seq 1 40); do
		grep -q 'Locked after' "$T/serve.out" && break
		sleep 0.1
	done
	grep -q 'Locked after 1 second without use' "$T/serve.out" || { cat "$T/serve.out"; false; }
	run curl -s -b "$T/jar" "$BASE/api/session"
	[[ "$output" == *'"unlocked":false'* ]] || { echo "$output"; false; }
	stop_serve
}

@test "serve --help names every option" {
	run_ebb serve --help
	expect_exit 0
	for o in --port --open --idle --kdf; do
		[[ "$output" == *"$o"* ]] || { echo "missing $o"; false; }
	done
}

@test "only serve loads the page's libraries: other commands start without them" {
	# libmicrohttpd brings GnuTLS, whose start-up would cost every command
	# more than a check-in takes; serve loads it with dlopen
	run ldd "$EBB"
	[ "$status" -eq 0 ]
	[[ "$output" != *libmicrohttpd* && "$output" != *gnutls* ]] || { echo "$output"; false; }
	start_serve
	run curl -s -o /dev/null -w '%{http_code}' "$URL"
	[ "$output" = 303 ]
	stop_serve
}
