#!/usr/bin/env python3
"""test_http.py — `ebb serve` at the HTTP level, against docs/API.md.

    python3 tests/web/test_http.py --ebb build/ebb [unittest options, test names]

Every test has its own temporary HOME, XDG directories and vault
(EBB_VAULT), and its own `ebb serve --port 0 --kdf interactive` process,
stopped (and its key dropped from the kernel keyring) at the end. Python's
standard library only. Each test checks something a person using the page
would notice: being let in or kept out, a record kept or refused, the vault
locked or not. The only waits are generous ones (the idle lock, the
passphrase back-off the server itself announces); nothing asserts a speed.
"""

import argparse
import base64
import datetime
import hashlib
import http.client
import json
import os
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

EBB = None  # absolute path of the binary, from --ebb
PASS = "correct horse battery"
WRONG = "not the passphrase at all"
BODY_MAX = 1114112  # docs/API.md: body at most 1,114,112 bytes
ADDRESS_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/\?t=([0-9a-f]+)")
# words a person must never read from ebb (docs/DESIGN.md, "Wording")
UNKIND = re.compile(r"relapse|failure|failed|streak|significan|p-value|worse", re.I)
START_WAIT = 30  # seconds for the address line to appear
EXIT_WAIT = 10  # seconds for the server to end after a signal
KINDS_SAMPLE = {
    "checkin": {"intensity": 4, "feelings": ["sadness"], "grieving": ["familiar"]},
    "entry": {"text": "a few lines", "prompt": "letter"},
    "urge": {"intensity": 6, "for": "text", "did": "waited"},
    "signs": {"ratings": [1, 2, 3, 4]},
    "reason": {"text": "I was always the one apologising"},
    "miss": {"text": "Sunday mornings"},
    "contact": {"by": "them"},
    "date": {"date": "2026-02-14", "label": "the day we met", "yearly": True},
    "plan": {"alone": "walk round the block"},
}


class Response:
    """One answer: status, headers (case-insensitive lookup), raw body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        common = ("Date", "Cache-Control", "Referrer-Policy", "X-Content-Type-Options",
                  "X-Frame-Options", "Cross-Origin-Opener-Policy",
                  "Cross-Origin-Resource-Policy", "Content-Security-Policy", "Content-Length")
        h = ["%s: %s" % (k, v) for k, v in self.headers if k not in common]
        return "<%d %s %r>" % (self.status, "; ".join(h), self.body[:600])


def read_response(sock, method):
    r = http.client.HTTPResponse(sock, method=method)
    r.begin()
    body = r.read()
    return Response(r.status, r.getheaders(), body)


class Server:
    """One `ebb serve` process; its port and one-time token."""

    def __init__(self, env, args, workdir, port="0"):
        self.errpath = os.path.join(workdir, "serve.%d.err" % time.monotonic_ns())
        self.err = open(self.errpath, "wb")
        self.proc = subprocess.Popen(
            [EBB, "serve"] + (["--port", port] if port else []) + ["--kdf", "interactive"] + args,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.err,
            start_new_session=True,
        )
        self.lines = queue.Queue()
        self.out = []
        threading.Thread(target=self._drain, daemon=True).start()
        self.port = None
        self.token = None
        deadline = time.monotonic() + START_WAIT
        while self.port is None:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and self.lines.empty():
                raise AssertionError(
                    "ebb serve printed no address (exit %r)\nstdout: %s\nstderr: %s"
                    % (self.proc.poll(), "".join(self.out), self.stderr())
                )
            try:
                line = self.lines.get(timeout=min(left, 0.2))
            except queue.Empty:
                continue
            m = ADDRESS_RE.search(line)
            if m:
                self.port = int(m.group(1))
                self.token = m.group(2)
                self.address_line = line

    def _drain(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace")
            self.out.append(line)
            self.lines.put(line)

    def stderr(self):
        self.err.flush()
        with open(self.errpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM):
        """Sends sig; the exit status, or None when it did not end in time."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=EXIT_WAIT)
        except subprocess.TimeoutExpired:
            rc = None
        return rc

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


class Base(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="ebb-http.")
        self.dir = self._tmp.name
        home = os.path.join(self.dir, "home")
        run = os.path.join(self.dir, "run")
        for d in (home, run):
            os.makedirs(d, mode=0o700)
        self.vault = os.path.join(self.dir, "vault.ebb")
        self.passfile = os.path.join(self.dir, "pass")
        with open(self.passfile, "w") as f:
            f.write(PASS + "\n")
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "XDG_DATA_HOME": os.path.join(self.dir, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.dir, "config"),
            "XDG_RUNTIME_DIR": run,
            "EBB_VAULT": self.vault,
            "TZ": "UTC",
            "LC_ALL": "C.UTF-8",
            "NO_COLOR": "1",
        }
        self.servers = []
        self.srv = None
        self.cookie = None
        self.csrf = None

    def tearDown(self):
        for s in self.servers:
            s.kill()
        # forget any key the server or the CLI kept in the kernel keyring
        if os.path.exists(self.vault):
            subprocess.run(
                [EBB, "--vault", self.vault, "lock"],
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        self._tmp.cleanup()

    # ---- the command line -------------------------------------------------

    def ebb(self, *args, passphrase=False, check=True):
        env = dict(self.env)
        if passphrase:
            env["EBB_PASSPHRASE_FILE"] = self.passfile
        p = subprocess.run(
            [EBB] + list(args),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        if check and p.returncode != 0:
            self.fail(
                "ebb %s exited %d\nstdout: %s\nstderr: %s"
                % (" ".join(args), p.returncode, p.stdout.decode(), p.stderr.decode())
            )
        return p

    def make_vault(self, *extra):
        self.ebb("init", "--kdf", "interactive", *extra, passphrase=True)

    def cli_records(self, kind=None):
        """Every record `ebb log --json` shows with the passphrase."""
        args = ["--vault", self.vault, "log", "--json", "-n", "1000000"]
        if kind:
            args += ["--kind", kind]
        return json.loads(self.ebb(*args, passphrase=True).stdout)

    def cli_count(self, kind=None):
        return len(self.cli_records(kind))

    # ---- the server ---------------------------------------------------------

    def start(self, idle="15m", extra=()):
        s = Server(self.env, ["--idle", idle] + list(extra), self.dir)
        self.servers.append(s)
        self.srv = s
        self.cookie = None
        self.csrf = None
        return s

    def host(self):
        return "127.0.0.1:%d" % self.srv.port

    def origin(self):
        return "http://127.0.0.1:%d" % self.srv.port

    def request(self, method, path, body=None, headers=None, auth=True, port=None):
        """
        Sends one request as the page would (session cookie, and for writes
        Origin, Sec-Fetch-Site, X-Ebb-CSRF and Content-Type when there is a
        body); headers override those, and a header given as None is left out.
        body: bytes, str, or anything else (sent as JSON).
        """
        h = {"Host": self.host()}
        if auth and self.cookie:
            h["Cookie"] = "ebb_session=" + self.cookie
        if method in ("POST", "PUT", "DELETE"):
            h["Origin"] = self.origin()
            h["Sec-Fetch-Site"] = "same-origin"
            if auth and self.csrf:
                h["X-Ebb-CSRF"] = self.csrf
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode("utf-8")
            h["Content-Type"] = "application/json"
        for k, v in (headers or {}).items():
            for old in [x for x in h if x.lower() == k.lower()]:
                del h[old]
            if v is not None:
                h[k] = v
        conn = http.client.HTTPConnection("127.0.0.1", port or self.srv.port, timeout=60)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for k, v in h.items():
                conn.putheader(k, v)
            if body is not None or method in ("POST", "PUT"):
                conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders(body)
            r = conn.getresponse()
            return Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()

    def login(self):
        """Trades the printed token for a session cookie and the CSRF token."""
        r = self.request("GET", "/?t=" + self.srv.token, auth=False)
        self.assertEqual(r.status, 303, r)
        cookie = r.header("Set-Cookie")
        self.assertIsNotNone(cookie, r)
        m = re.match(r"\s*ebb_session=([^;\s]+)", cookie)
        self.assertIsNotNone(m, cookie)
        self.cookie = m.group(1)
        s = self.session()
        self.csrf = s["csrf"]
        self.assertRegex(self.csrf, r"^[0-9a-f]{16,}$")
        return s

    def session(self):
        r = self.request("GET", "/api/session")
        self.assertEqual(r.status, 200, r)
        return r.json()

    def serve(self, vault=True, idle="15m", unlock=False):
        """A vault (made by the CLI), a server, a session; unlocked if asked."""
        if vault:
            self.make_vault()
        self.start(idle=idle)
        self.login()
        if unlock:
            self.unlock()

    def unlock(self, passphrase=PASS):
        r = self.request("POST", "/api/unlock", {"passphrase": passphrase})
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["vault"]["unlocked"], r)
        return r

    def add(self, kind="checkin", body=None, **extra):
        req = {"kind": kind, "body": body if body is not None else KINDS_SAMPLE[kind]}
        req.update(extra)
        r = self.request("POST", "/api/records", req)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def api_records(self, query="limit=500"):
        r = self.request("GET", "/api/records?" + query)
        self.assertEqual(r.status, 200, r)
        return r.json()

    # ---- checks ---------------------------------------------------------------

    def assertError(self, r, status, code=None):
        """r is status with the documented {"error": {code, message}} and headers."""
        self.assertEqual(r.status, status, r)
        self.assertCommonHeaders(r)
        ctype = r.header("Content-Type") or ""
        if r.status >= 400 and ctype.startswith("application/json"):
            e = r.json().get("error")
            self.assertIsInstance(e, dict, r)
            if code:
                self.assertEqual(e.get("code"), code, r)
            msg = e.get("message")
            self.assertIsInstance(msg, str, r)
            self.assertTrue(msg.strip(), r)
            self.assertIsNone(UNKIND.search(msg), "unkind words in %r" % msg)
        elif code:
            self.fail("expected a JSON error %r, got %r" % (code, r))

    def assert4xx(self, r):
        self.assertTrue(400 <= r.status < 500, r)
        self.assertError(r, r.status)

    def assertCommonHeaders(self, r):
        self.assertEqual(r.header("Cache-Control"), "no-store", r)
        self.assertEqual(r.header("Referrer-Policy"), "no-referrer", r)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff", r)
        self.assertEqual(r.header("X-Frame-Options"), "DENY", r)
        self.assertEqual(r.header("Cross-Origin-Opener-Policy"), "same-origin", r)
        self.assertEqual(r.header("Cross-Origin-Resource-Policy"), "same-origin", r)
        csp = r.header("Content-Security-Policy")
        self.assertIsNotNone(csp, r)
        directives = {}
        for part in csp.split(";"):
            words = part.split()
            if words:
                directives[words[0]] = words[1:]
        # besides 'self', the one inline script and the one inline style of
        # the page (start.js, app.css), by hash (TestFirstPage checks which)
        for k in ("script-src", "style-src"):
            v = directives.get(k, [])
            self.assertEqual(len(v), 2, "%s in %r" % (k, csp))
            self.assertRegex(v[1], r"^'sha256-[A-Za-z0-9+/]{43}='$", "%s in %r" % (k, csp))
            directives[k] = v[:1]
        want = {
            "default-src": ["'none'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "img-src": ["'self'", "data:"],
            "connect-src": ["'self'"],
            "base-uri": ["'none'"],
            "form-action": ["'self'"],
            "frame-ancestors": ["'none'"],
        }
        for k, v in want.items():
            self.assertEqual(sorted(directives.get(k, [])), sorted(v), "%s in %r" % (k, csp))
        self.assertNotIn("'unsafe-inline'", csp)
        self.assertNotIn("'unsafe-eval'", csp)


# ---- getting in -------------------------------------------------------------


class TestToken(Base):
    def test_address_line(self):
        self.make_vault()
        s = self.start()
        self.assertIn("Open http://127.0.0.1:%d/?t=%s in your browser." % (s.port, s.token),
                      s.address_line)
        self.assertGreaterEqual(len(s.token), 32, "the token is too short to be unguessable")

    def test_token_gives_a_session_once(self):
        self.make_vault()
        s = self.start()
        # without a session: the page and the API keep the door shut
        r = self.request("GET", "/")
        self.assertEqual(r.status, 401, r)
        self.assertCommonHeaders(r)
        self.assertError(self.request("GET", "/api/session"), 401, "session")
        self.assertError(self.request("GET", "/api/today"), 401, "session")

        r = self.request("GET", "/?t=" + s.token)
        self.assertEqual(r.status, 303, r)
        self.assertCommonHeaders(r)
        loc = r.header("Location")
        self.assertIn(loc, ("/", self.origin() + "/"), r)
        self.assertNotIn(s.token, loc)
        self.assertNotIn("t=", loc)
        cookies = r.all("Set-Cookie")
        self.assertEqual(len(cookies), 1, r)
        attrs = [a.strip().lower() for a in cookies[0].split(";")]
        self.assertTrue(attrs[0].startswith("ebb_session="), cookies)
        self.assertIn("httponly", attrs)
        self.assertIn("samesite=strict", attrs)
        self.assertIn("path=/", attrs)
        self.assertNotIn(s.token, cookies[0], "the cookie must not be the printed token")
        self.cookie = cookies[0].split(";")[0].split("=", 1)[1]

        # the page itself, with the session
        r = self.request("GET", "/")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("text/html"), r)
        self.assertCommonHeaders(r)
        self.assertNotIn(s.token.encode(), r.body, "the page must not repeat the token")
        sess = self.session()
        self.assertTrue(sess["vault"]["exists"])
        self.assertFalse(sess["vault"]["unlocked"])

        # the token was used: the same address no longer lets anyone in
        r = self.request("GET", "/?t=" + s.token, auth=False)
        self.assertEqual(r.status, 401, r)
        self.assertCommonHeaders(r)
        self.assertEqual(r.all("Set-Cookie"), [], r)
        # and the session it gave still works
        self.assertEqual(self.request("GET", "/api/session").status, 200)

    def test_wrong_token(self):
        self.make_vault()
        s = self.start()
        wrong = ("0" if s.token[0] != "0" else "1") + s.token[1:]
        for t in (wrong, s.token[:-1], s.token + "0", "", "zz"):
            r = self.request("GET", "/?t=" + t)
            self.assertEqual(r.status, 401, (t, r))
            self.assertEqual(r.all("Set-Cookie"), [], r)
            self.assertCommonHeaders(r)
        # wrong guesses do not spend the real token
        self.login()

    def test_made_up_cookie(self):
        self.make_vault()
        s = self.start()
        self.cookie = s.token  # the token is not a session
        self.assertError(self.request("GET", "/api/session"), 401, "session")
        self.cookie = "0" * 64
        self.assertError(self.request("GET", "/api/session"), 401, "session")
        self.assertEqual(self.request("GET", "/").status, 401)

    def test_restart_ends_sessions(self):
        self.serve()
        old = self.cookie
        self.assertEqual(self.srv.stop(), 0)
        self.start()
        self.cookie = old
        self.assertError(self.request("GET", "/api/session"), 401, "session")

    def test_headers_on_every_answer(self):
        self.serve(unlock=True)
        for method, path in (
            ("GET", "/"),
            ("GET", "/api/session"),
            ("GET", "/api/today"),
            ("GET", "/api/vocab"),
            ("GET", "/api/nothing-here"),
            ("GET", "/nothing-here"),
            ("GET", "/away.html"),
        ):
            r = self.request(method, path)
            self.assertCommonHeaders(r)
        r = self.request("DELETE", "/api/session")
        self.assertError(r, 405, "method")
        self.assertCommonHeaders(r)
        r = self.request("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 2}})
        self.assertEqual(r.status, 201, r)
        self.assertCommonHeaders(r)
        self.cookie = None
        self.assertCommonHeaders(self.request("GET", "/api/today"))

    def test_static_files_without_session(self):
        self.make_vault()
        self.start()
        r = self.request("GET", "/away.html")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("text/html"), r)
        self.assertCommonHeaders(r)
        self.assertError(self.request("GET", "/api/nothing-here"), 401)

    def test_unknown_path_and_method(self):
        self.serve(unlock=True)
        self.assertError(self.request("GET", "/api/nothing-here"), 404, "not_found")
        self.assertError(self.request("GET", "/api/records/01a21e0c-96e1-7671-8183-813471f9c73a"),
                         404, "not_found")
        self.assertError(self.request("DELETE", "/api/session"), 405, "method")
        self.assertError(self.request("PUT", "/api/today", {}), 405, "method")
        self.assertError(self.request("GET", "/api/unlock"), 405, "method")


# ---- the Host rule (DNS rebinding) --------------------------------------------


class TestHost(Base):
    def test_bad_hosts(self):
        self.serve(unlock=True)
        p = self.srv.port
        other = p + 1 if p < 65535 else p - 1
        bad = [
            "evil.example",
            "evil.example:%d" % p,
            "127.0.0.1:%d" % other,
            "localhost:%d" % other,
            "127.0.0.1",
            "localhost",
            "127.0.0.1.nip.io:%d" % p,
            "localhost.evil.example:%d" % p,
            "evil.example:%d@127.0.0.1:%d" % (p, p),
            "127.0.0.1:%d.evil.example" % p,
            "[::1]:%d" % p,
            "0.0.0.0:%d" % p,
            "127.1:%d" % p,
            "",
        ]
        for h in bad:
            for method, path in (("GET", "/api/session"), ("GET", "/api/today"), ("GET", "/")):
                r = self.request(method, path, headers={"Host": h})
                self.assertError(r, 403, "forbidden" if path.startswith("/api/") else None)
                self.assertNotIn(b"csrf", r.body, (h, r))
        # a rebinding page cannot write either
        before = self.cli_count()
        for h in ("evil.example:%d" % p, "127.0.0.1:%d" % other):
            r = self.request("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 9}},
                             headers={"Host": h, "Origin": "http://" + h})
            self.assertError(r, 403, "forbidden")
            r = self.request("POST", "/api/lock", {}, headers={"Host": h, "Origin": "http://" + h})
            self.assertError(r, 403, "forbidden")
        self.assertTrue(self.session()["vault"]["unlocked"])
        self.assertEqual(self.cli_count(), before)

    def test_no_host(self):
        self.serve()
        r = self.request("GET", "/api/session", headers={"Host": None})
        self.assertTrue(400 <= r.status < 500 and r.status != 404, r)
        self.assertNotIn(b"csrf", r.body)

    def test_rebinding_cannot_spend_the_token(self):
        self.make_vault()
        s = self.start()
        r = self.request("GET", "/?t=" + s.token, headers={"Host": "evil.example:%d" % s.port})
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.all("Set-Cookie"), [], r)

    def test_good_hosts(self):
        self.serve()
        p = self.srv.port
        for h in ("127.0.0.1:%d" % p, "localhost:%d" % p):
            r = self.request("GET", "/api/session", headers={"Host": h})
            self.assertEqual(r.status, 200, (h, r))
            self.assertIn("csrf", r.json())
            r = self.request("GET", "/", headers={"Host": h})
            self.assertEqual(r.status, 200, (h, r))


# ---- writes from elsewhere (CSRF) -----------------------------------------------


class TestCrossOrigin(Base):
    def check_refused(self, headers, expect=403, code="forbidden"):
        """Every kind of write with these headers is refused; nothing changes."""
        rid = self.rid
        before = self.cli_records()
        for method, path, body in (
            ("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 7}}),
            ("POST", "/api/records", {"kind": "entry", "body": {"text": "from elsewhere"}}),
            ("PUT", "/api/records/" + rid, {"body": {"intensity": 1}}),
            ("DELETE", "/api/records/" + rid, None),
            ("POST", "/api/lock", {}),
        ):
            r = self.request(method, path, body, headers=headers)
            self.assertError(r, expect, code)
            self.assertNotIn(b"csrf", r.body)
        after = self.cli_records()
        self.assertEqual(after, before, "a refused write changed the vault")
        self.assertTrue(self.session()["vault"]["unlocked"], "a refused lock locked the vault")
        got = self.request("GET", "/api/records/" + rid)
        self.assertEqual(got.status, 200, got)
        self.assertEqual(got.json()["body"], {"intensity": 3})
        self.assertEqual(got.json()["rev"], 1)

    def setUp(self):
        super().setUp()
        self.serve(unlock=True)
        self.rid = self.add("checkin", {"intensity": 3})["id"]

    def test_foreign_origin(self):
        p = self.srv.port
        for o in ("http://evil.example", "https://evil.example", "null",
                  "http://127.0.0.1:%d" % (p + 1 if p < 65535 else p - 1),
                  "https://127.0.0.1:%d" % p, "http://127.0.0.1:%d.evil.example" % p):
            self.check_refused({"Origin": o})

    def test_fetch_metadata(self):
        for site in ("cross-site", "same-site", "none"):
            self.check_refused({"Sec-Fetch-Site": site})
        # an old browser sends neither Origin nor Sec-Fetch-Site: the CSRF header still decides
        r = self.request("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 2}},
                         headers={"Origin": None, "Sec-Fetch-Site": None})
        self.assertEqual(r.status, 201, r)

    def test_csrf_header(self):
        self.check_refused({"X-Ebb-CSRF": None})
        self.check_refused({"X-Ebb-CSRF": ""})
        wrong = ("0" if self.csrf[0] != "0" else "1") + self.csrf[1:]
        self.check_refused({"X-Ebb-CSRF": wrong})
        self.check_refused({"X-Ebb-CSRF": self.csrf[:-1]})
        self.check_refused({"X-Ebb-CSRF": self.cookie})

    def test_no_session(self):
        self.check_refused({"Cookie": None}, 401, "session")

    def test_form_post(self):
        # what a plain HTML form on another site can send
        before = self.cli_count()
        r = self.request("POST", "/api/records", "kind=checkin&body=x",
                         headers={"Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site",
                                  "X-Ebb-CSRF": None})
        self.assertError(r, 403, "forbidden")
        self.assertEqual(self.cli_count(), before)

    def test_own_origin_is_welcome(self):
        r = self.request("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 2}},
                         headers={"Origin": self.origin()})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.cli_count("checkin"), 2)


# ---- sizes and types ------------------------------------------------------------


def send_raw(port, head, body, chunked=False):
    """
    Sends head (the request line and headers, bytes) and body in pieces,
    stopping early when the server has answered (it may refuse a large body
    before reading it); returns the Response.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    try:
        sock.sendall(head)
        step = 64 * 1024
        pieces = []
        for i in range(0, len(body), step):
            piece = body[i:i + step]
            pieces.append(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
        if chunked:
            pieces.append(b"0\r\n\r\n")
        try:
            for piece in pieces:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(piece)
        except (BrokenPipeError, ConnectionResetError):
            pass
        return read_response(sock, "POST")
    finally:
        sock.close()


class TestLimits(Base):
    def head(self, path, length=None, ctype="application/json", method="POST"):
        h = [
            "%s %s HTTP/1.1" % (method, path),
            "Host: " + self.host(),
            "Cookie: ebb_session=" + self.cookie,
            "Origin: " + self.origin(),
            "Sec-Fetch-Site: same-origin",
            "X-Ebb-CSRF: " + self.csrf,
            "Content-Type: " + ctype,
            "Connection: close",
        ]
        h.append("Content-Length: %d" % length if length is not None
                 else "Transfer-Encoding: chunked")
        return ("\r\n".join(h) + "\r\n\r\n").encode()

    def big_entry(self, size):
        pre = b'{"kind":"entry","body":{"text":"'
        post = b'"}}'
        return pre + b"a" * (size - len(pre) - len(post)) + post

    def test_oversized_body(self):
        self.serve(unlock=True)
        rid = self.add("entry", {"text": "small"})["id"]
        before = self.cli_records()
        body = self.big_entry(BODY_MAX + 1)
        self.assertEqual(len(body), BODY_MAX + 1)
        r = send_raw(self.srv.port, self.head("/api/records", len(body)), body)
        self.assertError(r, 413, "too_large")
        r = send_raw(self.srv.port, self.head("/api/records"), body, chunked=True)
        self.assertError(r, 413, "too_large")
        r = send_raw(self.srv.port, self.head("/api/records", 4 * BODY_MAX), b"[" * (4 * BODY_MAX))
        self.assertError(r, 413, "too_large")
        put = b'{"body":{"text":"' + b"b" * BODY_MAX + b'"}}'
        r = send_raw(self.srv.port, self.head("/api/records/" + rid, len(put), method="PUT"), put)
        self.assertError(r, 413, "too_large")
        self.assertEqual(self.cli_records(), before)
        # the server is still there and still writes
        self.add("checkin", {"intensity": 1})

    def test_oversized_init(self):
        self.start()
        self.login()
        body = b'{"passphrase":"' + b"p" * BODY_MAX + b'"}'
        r = send_raw(self.srv.port, self.head("/api/init", len(body)), body)
        self.assertError(r, 413, "too_large")
        self.assertFalse(os.path.exists(self.vault))
        self.assertFalse(self.session()["vault"]["exists"])

    def test_largest_body_is_read(self):
        # a body of exactly the limit is read (and then judged on its content)
        self.serve(unlock=True)
        before = self.cli_count()
        body = self.big_entry(BODY_MAX)
        r = send_raw(self.srv.port, self.head("/api/records", len(body)), body)
        self.assertNotEqual(r.status, 413, r)
        self.assertIn(r.status, (201, 400), r)
        self.assertEqual(self.cli_count(), before + (1 if r.status == 201 else 0))

    def test_content_type(self):
        self.serve(unlock=True)
        rid = self.add("checkin", {"intensity": 3})["id"]
        before = self.cli_records()
        good = {"kind": "checkin", "body": {"intensity": 5}}
        for ctype in ("text/plain", "application/x-www-form-urlencoded",
                      "multipart/form-data; boundary=x", "application/jsonp",
                      "text/json", None):
            r = self.request("POST", "/api/records", good, headers={"Content-Type": ctype})
            self.assertError(r, 415, "media_type")
            r = self.request("PUT", "/api/records/" + rid, {"body": {"intensity": 6}},
                             headers={"Content-Type": ctype})
            self.assertError(r, 415, "media_type")
            r = self.request("POST", "/api/unlock", {"passphrase": PASS},
                             headers={"Content-Type": ctype})
            self.assertError(r, 415, "media_type")
        self.assertEqual(self.cli_records(), before)


# ---- the passphrase -----------------------------------------------------------------


class TestPassphrase(Base):
    def attempt(self, passphrase):
        return self.request("POST", "/api/unlock", {"passphrase": passphrase})

    def wait_for(self, r):
        """The 429's Retry-After (and retry_after), checked; then waits it out."""
        self.assertError(r, 429, "wait")
        after = r.header("Retry-After")
        self.assertIsNotNone(after, r)
        self.assertRegex(after, r"^\d+$")
        seconds = int(after)
        self.assertGreaterEqual(seconds, 1)
        self.assertLessEqual(seconds, 60)
        self.assertEqual(r.json()["error"].get("retry_after"), seconds, r)
        time.sleep(seconds + 0.5)
        return seconds

    def test_back_off(self):
        self.serve()
        self.assertError(self.attempt(WRONG), 401, "passphrase")
        self.assertFalse(self.session()["vault"]["unlocked"])
        # at once again, even with the right one: asked to wait
        first = self.wait_for(self.attempt(PASS))
        self.assertFalse(self.session()["vault"]["unlocked"])
        # wrong again after each wait: the wait grows (1, 2, 4 s...; the third
        # is compared, so that a slow moment between two requests cannot hide it)
        self.assertError(self.attempt(WRONG), 401, "passphrase")
        second = self.wait_for(self.attempt(WRONG))
        self.assertGreaterEqual(second, first)
        self.assertError(self.attempt(WRONG), 401, "passphrase")
        third = self.wait_for(self.attempt(PASS))
        self.assertGreater(third, first)
        self.assertGreaterEqual(third, second)
        # after waiting, the right passphrase opens the vault
        r = self.attempt(PASS)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json()["vault"]["unlocked"])
        self.assertEqual(self.request("GET", "/api/today").status, 200)
        # and the right one started the count again
        self.request("POST", "/api/lock", {})
        self.assertError(self.attempt(WRONG), 401, "passphrase")
        self.assertEqual(self.wait_for(self.attempt(PASS)), first)
        self.unlock()

    def test_back_off_without_browser_headers(self):
        # leaving out Origin and Fetch-Metadata does not get around the wait
        self.serve()
        self.assertError(self.attempt(WRONG), 401, "passphrase")
        r = self.request("POST", "/api/unlock", {"passphrase": PASS},
                         headers={"Origin": None, "Sec-Fetch-Site": None})
        self.assertError(r, 429, "wait")

    def test_no_vault(self):
        self.start()
        self.login()
        self.assertError(self.attempt(PASS), 409, "no_vault")


# ---- malformed bodies ------------------------------------------------------------------

NOT_OBJECTS = ["[]", "[{}]", '"text"', "42", "null", "true", ""]
BROKEN = ['{"passphrase": "correct', "{", '{"a":1,}', "{'a': 1}", b"\xff\xfe{}", b'{"a":"\xff"}',
          '{"a":1} {"b":2}', '{"a":1} x', '{"a":"\\u0000"}', "[" * 100000 + "]" * 100000]


class TestMalformed(Base):
    def bad(self, method, path, bodies):
        for b in bodies:
            r = self.request(method, path, b)
            with self.subTest(method=method, path=path, body=repr(b)[:120]):
                self.assertError(r, 400, "invalid")
            # the server is still there
            self.assertEqual(self.request("GET", "/api/session").status, 200)

    def test_init(self):
        self.start()
        self.login()
        ok = "long enough passphrase"
        self.bad("POST", "/api/init", NOT_OBJECTS + BROKEN + [
            {}, {"passphrase": None}, {"passphrase": 12345678}, {"passphrase": ["x" * 10]},
            {"passphrase": "short"}, {"passphrase": ""}, {"passphrase": "1234567"},
            {"passphrase": ok, "left_on": "2026-02-30"}, {"passphrase": ok, "left_on": "2999-01-01"},
            {"passphrase": ok, "left_on": 20260101}, {"passphrase": ok, "relationship": "spouse"},
            {"passphrase": ok, "relationship": 1}, {"passphrase": ok, "reasons": "one reason"},
            {"passphrase": ok, "reasons": [1, 2]}, {"passphrase": ok, "misses": {"a": "b"}},
            {"passphrase": ok, "misses": [None]},
        ])
        self.assertFalse(os.path.exists(self.vault), "a refused init left a vault behind")
        s = self.session()
        self.assertFalse(s["vault"]["exists"])
        # and a good one works afterwards
        r = self.request("POST", "/api/init", {"passphrase": ok})
        self.assertEqual(r.status, 201, r)

    def test_unlock(self):
        self.serve()
        self.bad("POST", "/api/unlock", NOT_OBJECTS + BROKEN + [
            {}, {"passphrase": None}, {"passphrase": 12345678}, {"passphrase": [PASS]},
            {"passphrase": {"p": PASS}}, {"pass": PASS},
        ])
        self.assertFalse(self.session()["vault"]["unlocked"])
        # a malformed request is not a wrong passphrase: no waiting after it
        self.unlock()

    def test_lock(self):
        self.serve(unlock=True)
        self.bad("POST", "/api/lock", [b for b in NOT_OBJECTS if b] + BROKEN)
        self.assertTrue(self.session()["vault"]["unlocked"], "a refused lock locked the vault")
        r = self.request("POST", "/api/lock", {})
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["vault"]["unlocked"])
        # no body at all locks too (API.md: `{}` or no body)
        self.unlock()
        r = self.request("POST", "/api/lock", headers={"Content-Type": None})
        self.assertEqual(r.status, 200, r)
        self.assertFalse(self.session()["vault"]["unlocked"])

    def test_records_post(self):
        self.serve(unlock=True)
        self.add("checkin", {"intensity": 3})
        before = self.cli_records()
        c = {"intensity": 5}
        self.bad("POST", "/api/records", NOT_OBJECTS + BROKEN + [
            {}, {"body": c}, {"kind": "checkin"}, {"kind": None, "body": c},
            {"kind": 1, "body": c}, {"kind": ["checkin"], "body": c},
            {"kind": "diary", "body": c}, {"kind": "", "body": c}, {"kind": "CHECKIN", "body": c},
            {"kind": "check\u0000in", "body": c}, {"kind": "checkin" * 10, "body": c},
            {"kind": "checkin", "body": None}, {"kind": "checkin", "body": [5]},
            {"kind": "checkin", "body": "intensity 5"},
            {"kind": "checkin", "body": c, "at": 1700000000},
            {"kind": "checkin", "body": c, "at": "not a time"},
            {"kind": "checkin", "body": c, "at": "2026-02-30T10:00:00+00:00"},
            {"kind": "checkin", "body": c, "at": ""},
            {"kind": "checkin", "body": {}},
            {"kind": "checkin", "body": {"intensity": 11}},
            {"kind": "checkin", "body": {"intensity": -1}},
            {"kind": "checkin", "body": {"intensity": "5"}},
            {"kind": "checkin", "body": {"intensity": 5.5}},
            {"kind": "checkin", "body": {"intensity": 5, "feelings": ["despair"]}},
            {"kind": "checkin", "body": {"intensity": 5, "feelings": "sadness"}},
            {"kind": "checkin", "body": {"intensity": 5, "grieving": ["money"]}},
            {"kind": "checkin", "body": {"intensity": 5, "note": 7}},
            {"kind": "entry", "body": {}}, {"kind": "entry", "body": {"text": ""}},
            {"kind": "entry", "body": {"text": "x", "prompt": "poem"}},
            {"kind": "entry", "body": {"text": "x", "tags": "a,b"}},
            {"kind": "urge", "body": {"for": "fly"}}, {"kind": "urge", "body": {"did": "nothing"}},
            {"kind": "signs", "body": {"ratings": [1, 2, 3]}},
            {"kind": "signs", "body": {"ratings": [1, 2, 3, 5]}},
            {"kind": "reason", "body": {}}, {"kind": "miss", "body": {"text": 3}},
            {"kind": "contact", "body": {"by": "us"}},
            {"kind": "date", "body": {"date": "2026-02-30", "label": "x"}},
            {"kind": "date", "body": {"date": "2026-02-14"}},
            {"kind": "date", "body": {"date": "2026-02-14", "label": "x", "yearly": "yes"}},
            {"kind": "plan", "body": {"alone": 5}},
            {"kind": "profile", "body": {"left_on": "someday"}},
            {"kind": "profile", "body": {"relationship": "spouse"}},
        ])
        self.assertEqual(self.cli_records(), before)
        # every kind the document names is welcome when well formed
        for kind in KINDS_SAMPLE:
            self.add(kind)
        self.add("checkin", {"intensity": 2}, at="2026-01-02T21:30:00+01:00")
        self.assertEqual(self.cli_count(), len(before) + len(KINDS_SAMPLE) + 1)

    def test_records_post_locked(self):
        # locked, the body is judged before it is sealed into the inbox
        self.serve()
        self.bad("POST", "/api/records", BROKEN + [
            {"kind": "diary", "body": {"intensity": 5}},
            {"kind": "checkin", "body": {"intensity": 11}},
            {"kind": "checkin", "body": {"intensity": 5}, "at": "not a time"},
        ])
        self.assertEqual(self.session()["vault"]["queued"], 0)
        self.assertEqual(self.cli_count("checkin"), 0)

    def test_records_put(self):
        self.serve(unlock=True)
        rid = self.add("checkin", {"intensity": 3, "feelings": ["calm"]})["id"]
        eid = self.add("entry", {"text": "first words"})["id"]
        before = self.cli_records()
        self.bad("PUT", "/api/records/" + rid, NOT_OBJECTS + BROKEN + [
            {}, {"body": None}, {"body": 5}, {"body": [1]}, {"body": "x"},
            {"body": {}}, {"body": {"intensity": 12}}, {"body": {"intensity": "3"}},
            {"body": {"text": "a checkin has no text"}},
            {"body": {"intensity": 3, "feelings": ["despair"]}},
        ])
        self.bad("PUT", "/api/records/" + eid, [{"body": {}}, {"body": {"text": ""}},
                                                 {"body": {"intensity": 3}}])
        self.assertEqual(self.cli_records(), before)
        r = self.request("PUT", "/api/records/" + rid, {"body": {"intensity": 4}})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"id": rid, "rev": 2})
        got = self.request("GET", "/api/records/" + rid).json()
        self.assertEqual((got["rev"], got["body"]), (2, {"intensity": 4}))
        # an id that is not there
        r = self.request("PUT", "/api/records/01a21e0c-96e1-7671-8183-813471f9c73a",
                         {"body": {"intensity": 4}})
        self.assertError(r, 404, "not_found")
        r = self.request("PUT", "/api/records/not-an-id", {"body": {"intensity": 4}})
        self.assert4xx(r)

    def test_query_strings(self):
        self.serve(unlock=True)
        self.add("checkin", {"intensity": 3})
        for q in ("limit=0", "limit=501", "limit=-1", "limit=ten", "limit=", "kind=diary",
                  "kind=", "before=not-an-id", "before=", "before=2026-11-27T10:00:00%2B00:00",
                  "before=01a21e0c-96e1-7671-8183-813471f9c73a"):
            with self.subTest(query=q):
                self.assertError(self.request("GET", "/api/records?" + q), 400, "invalid")
        self.assertEqual(len(self.api_records("limit=1")), 1)

    def test_paging_sees_every_record_once(self):
        # pages of 2, each asked for with `before` = the id of the last record
        # of the page before; several records share one moment, as check-ins
        # saved in the same second do
        self.serve(unlock=True)
        ids = []
        for i in range(3):
            ids.append(self.add("checkin", {"intensity": i},
                                at="2026-01-0%dT10:00:00+01:00" % (i + 1))["id"])
        for i in range(5):
            ids.append(self.add("checkin", {"intensity": i}, at="2026-01-05T10:00:00+01:00")["id"])
        seen = []
        q = "kind=checkin&limit=2"
        for _ in range(len(ids) + 2):
            page = self.api_records(q)
            if not page:
                break
            self.assertLessEqual(len(page), 2)
            seen += [x["id"] for x in page]
            q = "kind=checkin&limit=2&before=" + urllib.parse.quote(page[-1]["id"], safe="")
        self.assertEqual(len(seen), len(set(seen)), "a record came twice")
        self.assertEqual(sorted(seen), sorted(ids), "paging missed records")
        # newest first: by `at`, then id
        recs = self.api_records("kind=checkin&limit=500")
        self.assertEqual([x["id"] for x in recs], seen)
        self.assertEqual(seen[:5], sorted(ids[3:], reverse=True))
        self.assertEqual(seen[5:], list(reversed(ids[:3])))


# ---- locked and unlocked --------------------------------------------------------------


class TestFirstPage(Base):
    """GET / is the page with its first frame in it: the session and the
    words as data (a <script type="application/json"> element), and, when
    the vault is open, the home screen drawn by the server with the whole
    header, so that frame waits for no request and no script. It must hold
    what the API says, nothing from the vault when locked, and no text a
    person wrote may become markup."""

    BOOT = re.compile(rb'<script type="application/json" id="ebb-boot">(.*?)</script>', re.S)
    EVIL = "</script><script>alert(1)</script> <!-- & caf\u00e9 \"q\" 'a'"

    def boot(self):
        r = self.request("GET", "/")
        self.assertEqual(r.status, 200, r)
        found = self.BOOT.findall(r.body)
        self.assertEqual(len(found), 1, r.body[:400])
        return r, json.loads(found[0])

    def test_unlocked_page_draws_home(self):
        self.serve(unlock=True)
        soon = (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=2))
        self.add("date", {"date": soon.isoformat(), "label": self.EVIL, "yearly": False})
        self.add("checkin", {"intensity": 6, "feelings": ["hope"], "note": self.EVIL})
        r, boot = self.boot()
        # what a person wrote is text, never markup
        self.assertNotIn(b"alert(1)</script>", r.body)
        self.assertNotIn(b"<!-- &", r.body)
        self.assertIn("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &amp; "
                      "caf\u00e9 &quot;q&quot; &#39;a&#39;".encode(), r.body)
        self.assertEqual(r.body.count(b"</script>"), 2, "only the boot element and start.js end")
        # app.css and start.js are in the page, and the CSP lets through
        # exactly them: a wrong hash leaves the page unstyled or inert
        csp = r.header("Content-Security-Policy")
        for tag, name, directive in ((b"style", "app.css", "style-src"),
                                     (b"script", "start.js", "script-src")):
            inline = re.findall(b"<" + tag + b">(.*?)</" + tag + b">", r.body, re.S)
            self.assertEqual(len(inline), 1, tag)
            self.assertEqual(inline[0], self.request("GET", "/" + name).body)
            digest = base64.b64encode(hashlib.sha256(inline[0]).digest()).decode()
            self.assertIn("%s 'self' 'sha256-%s'" % (directive, digest), csp)
        # the home screen, as GET /api/home draws it, with today's numbers
        home = self.request("GET", "/api/home")
        self.assertEqual(home.status, 200, home)
        self.assertIn(b'<div class="screen screen-home" data-ssr="home">' + home.body + b"</div>",
                      r.body)
        self.assertIn(b'<span class="intensity">6/10</span><span class="feelings">hope</span>',
                      r.body)
        self.assertIn(b"is in 2 days", r.body)
        # the header as app.js draws it for an open vault
        self.assertIn("<title>Today \u00b7 ebb</title>".encode(), r.body)
        self.assertEqual(r.body.count(b'<li><a href="#/'), 10)
        self.assertIn(b'<li><a href="#/" aria-current="page">Today</a></li>', r.body)
        self.assertIn(b'id="lock-button">Lock</button>', r.body)
        self.assertNotIn(b"<!--ebb:", r.body)
        # a form sent before the page's script took it over posts (so what was
        # typed stays out of the address and the history) and is refused
        self.assertIn(b'<form class="stack" method="post" novalidate data-home="contact">', r.body)
        self.assertNotIn(b"<form", re.sub(rb'<form [^>]*method="post"', b"", r.body))
        sent = self.request("POST", "/", b"by=them&note=a+private+line",
                            {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(sent.status, 405, sent)
        self.assertNotIn(b"a private line", sent.body)
        self.assertEqual(self.cli_count("contact"), 0)
        # the data: the session and the words, not the records
        self.assertEqual(sorted(boot), ["session", "vocab"])
        self.assertEqual(boot["session"]["csrf"], self.csrf)
        self.assertTrue(boot["session"]["vault"]["unlocked"])
        self.assertEqual(boot["vocab"], self.request("GET", "/api/vocab").json())
        self.assertIn("no-store", r.header("Cache-Control"))

    def test_locked_page_holds_no_records(self):
        self.serve(unlock=True)
        self.add("checkin", {"intensity": 4, "note": "a private line"})
        self.add("date", {"date": "2026-02-14", "label": "a private day", "yearly": True})
        self.request("POST", "/api/lock", {})
        r, boot = self.boot()
        self.assertFalse(boot["session"]["vault"]["unlocked"])
        self.assertNotIn(b"a private", r.body)
        self.assertNotIn(b'data-ssr="home"', r.body)
        self.assertNotIn(b"4/10", r.body)
        self.assertIn(b'id="lock-button" hidden>Lock</button>', r.body)
        self.assertNotIn(b'<li><a href="#/', r.body)
        self.assertIn("Opening ebb\u2026".encode(), r.body)
        self.assertNotIn(b"<!--ebb:", r.body)

    def test_no_vault_yet(self):
        self.serve(vault=False)
        r, boot = self.boot()
        self.assertFalse(boot["session"]["vault"]["exists"])
        self.assertNotIn(b'data-ssr="home"', r.body)
        self.assertNotIn(b"<!--ebb:", r.body)


class TestHome(Base):
    """GET /api/home: the home screen's HTML, which the page shows again
    after a check-in or a note: current after every write, the page's or
    the terminal's, and like every answer private and framed by our
    headers."""

    def test_home_follows_writes(self):
        self.serve(unlock=True)
        r = self.request("GET", "/api/home")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("text/html"), r.header("Content-Type"))
        self.assertIn("frame-ancestors 'none'", r.header("Content-Security-Policy"))
        self.assertIn("no-store", r.header("Cache-Control"))
        self.assertIn(b"None yet. A check-in takes ten seconds", r.body)
        self.assertIn(b"No check-in yet today", r.body)
        self.add("checkin", {"intensity": 7, "feelings": ["anger"]})
        r = self.request("GET", "/api/home")
        self.assertIn(b'<span class="intensity">7/10</span><span class="feelings">anger</span>',
                      r.body)
        self.assertNotIn(b"No check-in yet today", r.body)
        # the same answer while nothing changed
        self.assertEqual(self.request("GET", "/api/home").body, r.body)
        # a check-in made at the terminal shows too
        self.ebb("checkin", "2", "--feel", "calm")
        r = self.request("GET", "/api/home")
        self.assertIn(b'<span class="intensity">2/10</span><span class="feelings">calm</span>',
                      r.body)

    def test_home_needs_the_key(self):
        self.serve(unlock=True)
        self.add("checkin", {"intensity": 5, "feelings": ["longing"]})
        self.request("POST", "/api/lock", {})
        r = self.request("GET", "/api/home")
        self.assertError(r, 423, "locked")
        self.assertNotIn(b"longing", r.body)
        self.assertError(self.request("GET", "/api/home", auth=False), 401, "session")
        self.assertError(self.request("POST", "/api/home", {}), 405, "method")


class TestLocked(Base):
    def test_reading_needs_the_key(self):
        self.serve(unlock=True)
        rid = self.add("checkin", {"intensity": 3})["id"]
        r = self.request("POST", "/api/lock", {})
        self.assertEqual(r.status, 200, r)
        s = r.json()
        self.assertFalse(s["vault"]["unlocked"])
        self.assertIsNone(s["left_seconds"])
        for path in ("/api/today", "/api/waves", "/api/waves?width=720", "/api/insights",
                     "/api/records", "/api/records?kind=checkin", "/api/records/" + rid,
                     "/api/search?q=anything"):
            r = self.request("GET", path)
            self.assertError(r, 423, "locked")
            self.assertNotIn(rid.encode(), r.body)
        self.assertError(self.request("PUT", "/api/records/" + rid, {"body": {"intensity": 4}}),
                         423, "locked")
        self.assertError(self.request("DELETE", "/api/records/" + rid), 423, "locked")
        # these work locked
        for path in ("/api/session", "/api/vocab", "/api/prompt?kind=letter", "/api/crisis",
                     "/api/crisis?country=GB"):
            r = self.request("GET", path)
            self.assertEqual(r.status, 200, (path, r))
        self.assertIsNone(self.request("GET", "/api/crisis").json().get("plan"))
        self.assertEqual(self.cli_count("checkin"), 1)

    def test_write_while_locked(self):
        self.serve()
        r = self.request("POST", "/api/records",
                         {"kind": "checkin", "body": {"intensity": 6, "note": "written locked"}})
        self.assertEqual(r.status, 201, r)
        got = r.json()
        self.assertIs(got["queued"], True)
        rid = got["id"]
        self.assertEqual(self.session()["vault"]["queued"], 1)
        self.assertError(self.request("GET", "/api/records"), 423, "locked")
        s = self.unlock().json()
        self.assertEqual(s["vault"]["queued"], 0)
        recs = self.api_records("kind=checkin")
        self.assertEqual([x["id"] for x in recs], [rid])
        self.assertEqual(recs[0]["body"], {"intensity": 6, "note": "written locked"})
        one = self.request("GET", "/api/records/" + rid)
        self.assertEqual(one.status, 200, one)
        self.assertEqual(one.json()["id"], rid)
        # unlocked, a write is not queued
        self.assertIs(self.add("checkin", {"intensity": 2})["queued"], False)

    def test_no_vault_yet(self):
        self.start()
        self.login()
        s = self.session()
        self.assertFalse(s["vault"]["exists"])
        self.assertFalse(s["vault"]["unlocked"])
        for path in ("/api/today", "/api/records"):
            self.assertError(self.request("GET", path), 409, "no_vault")
        self.assertError(self.request("POST", "/api/records",
                                      {"kind": "checkin", "body": {"intensity": 3}}),
                         409, "no_vault")
        self.assertFalse(os.path.exists(self.vault))
        for path in ("/api/session", "/api/crisis"):
            self.assertEqual(self.request("GET", path).status, 200, path)

    def test_init_from_the_page(self):
        self.start()
        self.login()
        r = self.request("POST", "/api/init",
                         {"passphrase": PASS, "left_on": "2026-03-04", "relationship": "partner",
                          "reasons": ["I kept shrinking", "", "  "], "misses": ["our walks", " "]})
        self.assertEqual(r.status, 201, r)
        s = r.json()
        self.assertTrue(s["vault"]["exists"])
        self.assertTrue(s["vault"]["unlocked"])
        self.assertEqual(os.stat(self.vault).st_mode & 0o777, 0o600)
        self.assertEqual(self.request("GET", "/api/today").status, 200)
        # one vault only
        r = self.request("POST", "/api/init", {"passphrase": "another passphrase"})
        self.assertError(r, 409, "exists")
        # the command line opens it with the same passphrase and sees the same things
        self.assertEqual(self.cli_records("profile")[0]["body"].get("left_on"), "2026-03-04")
        self.assertEqual([x["body"]["text"] for x in self.cli_records("reason")],
                         ["I kept shrinking"])
        self.assertEqual([x["body"]["text"] for x in self.cli_records("miss")], ["our walks"])

    def test_delete(self):
        self.serve(unlock=True)
        rid = self.add("entry", {"text": "words to let go of"})["id"]
        r = self.request("DELETE", "/api/records/" + rid)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"id": rid})
        self.assertError(self.request("GET", "/api/records/" + rid), 404, "not_found")
        self.assertEqual(self.cli_count("entry"), 0)

    def test_no_plaintext_on_disk(self):
        self.serve(unlock=True)
        secret = "marigold-%d-lantern" % os.getpid()
        self.add("entry", {"text": "the %s I never said" % secret})
        self.request("POST", "/api/lock", {})
        self.add("checkin", {"intensity": 4, "note": secret})
        for root, _, files in os.walk(self.dir):
            for name in files:
                with open(os.path.join(root, name), "rb") as f:
                    self.assertNotIn(secret.encode(), f.read(), os.path.join(root, name))


class TestIdle(Base):
    def test_idle_lock(self):
        self.serve(idle="2s", unlock=True)
        s = self.session()
        self.assertTrue(s["vault"]["unlocked"])
        self.assertEqual(s["idle_seconds"], 2)
        self.assertIsInstance(s["left_seconds"], (int, float))
        self.assertLessEqual(s["left_seconds"], 2)
        time.sleep(4)  # no requests meanwhile: any would restart the clock
        s = self.session()
        self.assertFalse(s["vault"]["unlocked"], "still unlocked after the idle time")
        self.assertIsNone(s["left_seconds"])
        self.assertError(self.request("GET", "/api/today"), 423, "locked")
        # a write still works, sealed
        r = self.request("POST", "/api/records", {"kind": "checkin", "body": {"intensity": 3}})
        self.assertEqual(r.status, 201, r)
        self.assertIs(r.json()["queued"], True)

    def test_asking_how_things_stand_does_not_keep_it_open(self):
        # a page polling GET /api/session must not keep the vault unlocked
        self.serve(idle="2s", unlock=True)
        unlocked = True
        for _ in range(10):
            time.sleep(0.5)
            unlocked = self.session()["vault"]["unlocked"]
            if not unlocked:
                break
        if unlocked:
            time.sleep(2)
            unlocked = self.session()["vault"]["unlocked"]
        self.assertFalse(unlocked, "polling the session kept the vault unlocked")


# ---- the command line and the page together --------------------------------------------


class TestTogether(Base):
    N = 40

    def test_cli_and_page_write_at_once(self):
        self.serve(unlock=True)
        errors = []

        def cli():
            for i in range(self.N):
                p = self.ebb("checkin", "5", "--note", "cli %d" % i, check=False)
                if p.returncode != 0:
                    errors.append("ebb checkin %d exited %d: %s" % (i, p.returncode,
                                                                    p.stderr.decode()))

        t = threading.Thread(target=cli)
        t.start()
        try:
            for i in range(self.N):
                body = {"intensity": 6, "note": "web %d" % i}
                r = self.request("POST", "/api/records", {"kind": "checkin", "body": body})
                if r.status != 201:
                    errors.append("POST %d: %r" % (i, r))
        finally:
            t.join()
        self.assertEqual(errors, [])
        want = {"cli %d" % i for i in range(self.N)} | {"web %d" % i for i in range(self.N)}
        # the command line reads them all with the passphrase
        notes = [x["body"]["note"] for x in self.cli_records("checkin")]
        self.assertEqual(len(notes), 2 * self.N)
        self.assertEqual(set(notes), want)
        # and so does the page, after locking and unlocking again
        self.request("POST", "/api/lock", {})
        self.unlock()
        recs = self.api_records("kind=checkin&limit=500")
        self.assertEqual(len(recs), 2 * self.N)
        self.assertEqual({x["body"]["note"] for x in recs}, want)
        for x in recs:
            want_intensity = 5 if x["body"]["note"].startswith("cli") else 6
            self.assertEqual(x["body"]["intensity"], want_intensity)
        # newest first
        ats = [x["at"] for x in recs]
        self.assertEqual(ats, sorted(ats, reverse=True))


# ---- the process --------------------------------------------------------------------------


def machine_addresses():
    out = subprocess.run(["hostname", "-I"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL).stdout.decode()
    return [a for a in out.split() if not a.startswith("127.") and a != "::1"]


def listeners(port):
    """The local addresses listening on port, from /proc/net/tcp{,6}."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(name) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            addr, p = cols[1].rsplit(":", 1)
            if int(p, 16) == port and cols[3] == "0A":  # LISTEN
                found.append((name, addr))
    return found


class TestProcess(Base):
    def test_loopback_only(self):
        self.make_vault()
        s = self.start()
        self.assertEqual(listeners(s.port), [("/proc/net/tcp", "0100007F")])
        for addr in machine_addresses() + ["::1"]:
            family = socket.AF_INET6 if ":" in addr else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.settimeout(5)
            try:
                with self.assertRaises(OSError, msg="%s:%d answered" % (addr, s.port)):
                    sock.connect((addr, s.port))
            finally:
                sock.close()
        self.assertEqual(self.request("GET", "/api/session").status, 401)

    def test_sigterm(self):
        self.serve(unlock=True)
        self.assertEqual(self.srv.stop(signal.SIGTERM), 0, self.srv.stderr())
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.srv.port), timeout=5).close()

    def test_sigint(self):
        self.serve()
        self.assertEqual(self.srv.stop(signal.SIGINT), 0, self.srv.stderr())

    def test_sigterm_with_an_open_connection(self):
        self.serve(unlock=True)
        # a browser keeps a connection open between requests
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        conn.request("GET", "/api/session", headers={"Cookie": "ebb_session=" + self.cookie})
        conn.getresponse().read()
        sock = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        sock.sendall(b"GET /api/session HTTP/1.1\r\nHost: " + self.host().encode() + b"\r\n")
        try:
            self.assertEqual(self.srv.stop(signal.SIGTERM), 0, self.srv.stderr())
        finally:
            conn.close()
            sock.close()

    def test_port_taken(self):
        # --port N when N is taken: a clear message, no address, no server
        self.make_vault()
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        try:
            p = busy.getsockname()[1]
            r = subprocess.run([EBB, "serve", "--port", str(p)], env=self.env,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30)
        finally:
            busy.close()
        self.assertNotEqual(r.returncode, 0)
        self.assertIsNone(ADDRESS_RE.search(r.stdout.decode()), r.stdout)
        self.assertRegex(r.stderr.decode(), r"^ebb: .*%d" % p)

    def test_default_port_taken(self):
        # no --port and 7770 taken (by us, or by someone else): another free port
        self.make_vault()
        busy = socket.socket()
        try:
            busy.bind(("127.0.0.1", 7770))
            busy.listen(1)
        except OSError:
            pass  # taken already: the fallback is what is tested either way
        try:
            s = Server(self.env, [], self.dir, port=None)
            self.servers.append(s)
            self.srv = s
            self.assertNotEqual(s.port, 7770)
            self.login()
        finally:
            busy.close()


def main():
    global EBB
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ebb", default=os.path.join(os.path.dirname(__file__), "../../build/ebb"))
    args, rest = ap.parse_known_args()
    EBB = os.path.abspath(args.ebb)
    if not os.access(EBB, os.X_OK):
        sys.exit("test_http: no ebb binary at %s: build first" % EBB)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
