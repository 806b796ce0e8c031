// harness.mjs — what every browser test stands on: a private home, vault and
// `ebb serve` per test, Debian's chromium driven by playwright-core, and the
// checks every screen meets (axe-core in two widths and two colour schemes,
// screenshots, no page errors, no Content-Security-Policy violations, no
// plaintext of what the test typed in the vault file or the server's output).
//
// Nothing here downloads a browser: the executable is /usr/bin/chromium.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export const PASS = 'correct horse battery';
export const DEMO_PASS = 'ebb demo vault';
export const WIDTHS = [
	['desktop', { width: 1280, height: 800 }],
	['phone', { width: 375, height: 740 }],
];
const SCHEMES = ['light', 'dark'];
const URL_RE = /http:\/\/127\.0\.0\.1:\d+\/\?t=[0-9a-f]+/;

// eslint-disable-next-line no-control-regex
const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

// A failed expectation: its message is the one line the runner prints.
export class Fail extends Error {}

export function expect(cond, message) {
	if (!cond) throw new Fail(message);
}

// Waits, without a clock assertion, until fn() is truthy (polling); throws
// Fail(message) when it never is within `ms`.
export async function until(fn, message, ms = 10000) {
	const end = Date.now() + ms;
	for (;;) {
		let v;
		try {
			v = await fn();
		} catch {
			v = false;
		}
		if (v) return v;
		if (Date.now() > end) throw new Fail(message);
		await new Promise((r) => setTimeout(r, 100));
	}
}

function formatViolations(where, violations) {
	const lines = [`axe: ${violations.length} violation(s) on ${where}`];
	for (const v of violations) {
		lines.push(`  ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
		for (const n of v.nodes) {
			lines.push(`    at ${n.target.join(' ')}`);
			lines.push(`      ${n.html.replace(/\s+/g, ' ').slice(0, 300)}`);
			for (const s of (n.failureSummary || '').split('\n')) if (s.trim()) lines.push(`      ${s.trim()}`);
		}
	}
	return lines.join('\n');
}

// Starts `ebb serve --port 0 --kdf interactive` with env; resolves with
// {proc, url, output()} once the address line is printed.
function startServer(ebb, env, extra, logPath) {
	return new Promise((resolve, reject) => {
		const proc = spawn(ebb, ['serve', '--port', '0', '--kdf', 'interactive', ...extra], {
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		let done = false;
		const log = fs.createWriteStream(logPath);
		const timer = setTimeout(() => {
			if (done) return;
			done = true;
			proc.kill('SIGKILL');
			reject(new Fail(`ebb serve printed no address within 15 s; stdout: ${JSON.stringify(out)} stderr: ${JSON.stringify(err)}`));
		}, 15000);
		proc.stdout.on('data', (d) => {
			out += d;
			log.write(d);
			const m = URL_RE.exec(out);
			if (m && !done) {
				done = true;
				clearTimeout(timer);
				resolve({ proc, url: m[0], output: () => out + err });
			}
		});
		proc.stderr.on('data', (d) => {
			err += d;
			log.write(d);
		});
		proc.on('error', (e) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			reject(new Fail(`cannot run ${ebb}: ${e.message}`));
		});
		proc.on('exit', (code, sig) => {
			log.end();
			if (done) return;
			done = true;
			clearTimeout(timer);
			reject(new Fail(`ebb serve exited (${code ?? sig}) before printing an address: ${(out + err).trim()}`));
		});
	});
}

// Stops the server with SIGTERM; resolves with its exit code (SIGKILL after 5 s).
function stopServer(proc) {
	return new Promise((resolve) => {
		if (proc.exitCode !== null || proc.signalCode !== null) {
			resolve(proc.exitCode ?? proc.signalCode);
			return;
		}
		const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
		proc.on('exit', (code, sig) => {
			clearTimeout(timer);
			resolve(code ?? sig);
		});
		proc.kill('SIGTERM');
	});
}

// Every file under dir, recursively (the vault, its -wal and -journal, ...).
function filesUnder(dir) {
	const files = [];
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) files.push(...filesUnder(p));
		else if (e.isFile()) files.push(p);
	}
	return files;
}

// The context a test body gets. Fields: page, context, base (http://127.0.0.1:PORT),
// env, vault, dir; methods below.
class TestContext {
	constructor(name, opts) {
		this.name = name;
		this.opts = opts;
		this.problems = []; // collected, reported together at the end
		this.secrets = []; // plaintext typed by the test: must not reach disk or logs
		this.pending = new Map(); // request -> when it started
		this.shots = 0;
	}

	// Runs the ebb command line with this test's environment; {pass: true}
	// adds EBB_PASSPHRASE_FILE. Throws Fail unless it exits 0 (or `status`).
	ebb(args, { pass = false, passphrase = PASS, status = 0, input } = {}) {
		const env = { ...this.env };
		if (pass) {
			const f = path.join(this.dir, 'passphrase');
			fs.writeFileSync(f, passphrase + '\n', { mode: 0o600 });
			env.EBB_PASSPHRASE_FILE = f;
		}
		const r = spawnSync(this.opts.ebb, args, {
			env,
			input: input ?? '',
			encoding: 'utf8',
			timeout: 60000,
		});
		if (r.error) throw new Fail(`ebb ${args.join(' ')}: ${r.error.message}`);
		if (status !== null && r.status !== status)
			throw new Fail(`ebb ${args.join(' ')} exited ${r.status} (wanted ${status}): ${(r.stderr + r.stdout).trim()}`);
		return r;
	}

	// A check that does not stop the test: a problem is reported at its end.
	soft(cond, message) {
		if (!cond) this.problems.push(message);
		return Boolean(cond);
	}

	// Remembers text the test types, so the end check can look for it on disk.
	secret(text) {
		this.secrets.push(text);
		return text;
	}

	// The session cookie header the browser holds for this server.
	async cookieHeader() {
		const cookies = await this.context.cookies(this.base);
		return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
	}

	// A request made outside the browser (Node's fetch) with the browser's cookie.
	async fetchJson(pathname, init = {}) {
		const res = await fetch(this.base + pathname, {
			...init,
			headers: { Cookie: await this.cookieHeader(), ...(init.headers || {}) },
			redirect: 'manual',
		});
		const text = await res.text();
		let json = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { status: res.status, json, text };
	}

	// Waits until the page has no request in flight, its finite animations
	// are over and its fonts are loaded. Not an assertion: only a wait.
	async settle() {
		const page = this.page;
		const end = Date.now() + 8000;
		let quiet = 0;
		while (Date.now() < end && quiet < 3) {
			// a request pending for 5 s is not one the screen waits for (e.g. a keepalive lock)
			const now = Date.now();
			const busy = [...this.pending.values()].some((at) => now - at < 5000);
			quiet = busy ? 0 : quiet + 1;
			await new Promise((r) => setTimeout(r, 50));
		}
		await page
			.evaluate(async () => {
				await document.fonts.ready;
				const finite = document
					.getAnimations()
					.filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
				await Promise.race([
					Promise.all(finite.map((a) => a.finished.catch(() => {}))),
					new Promise((r) => setTimeout(r, 3000)),
				]);
			})
			.catch(() => {});
	}

	async axe() {
		const page = this.page;
		const has = await page.evaluate(() => typeof window.axe === 'object').catch(() => false);
		if (!has) await page.evaluate(AXE_SOURCE); // CSP forbids a <script> tag; evaluate is not blocked
		return page.evaluate(async () => {
			const r = await window.axe.run(document, { resultTypes: ['violations'] });
			return r.violations.map((v) => ({
				id: v.id,
				impact: v.impact,
				help: v.help,
				helpUrl: v.helpUrl,
				nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })),
			}));
		});
	}

	// Checks the screen as it is now: axe-core at desktop and phone width in
	// light and dark, and a screenshot of each into OUT/screenshots/.
	// Violations are collected; the test fails at its end when there are any.
	// {widths: ['phone']} checks one width only (and leaves the viewport as it is).
	async screen(name, { widths = null } = {}) {
		const page = this.page;
		const base = `${this.name}-${name}`;
		for (const [wname, size] of WIDTHS) {
			if (widths && !widths.includes(wname)) continue;
			await page.setViewportSize(size);
			for (const scheme of SCHEMES) {
				await page.emulateMedia({ colorScheme: scheme });
				await this.settle();
				const where = `${name} (${wname}, ${scheme})`;
				try {
					const v = await this.axe();
					if (v.length) this.problems.push(formatViolations(where, v));
				} catch (e) {
					this.problems.push(`axe could not run on ${where}: ${e.message.split('\n')[0]}`);
				}
				const file = `${base}-${wname}${scheme === 'dark' ? '-dark' : ''}.png`;
				await page.screenshot({ path: path.join(this.opts.out, 'screenshots', file), fullPage: true });
				this.shots++;
			}
		}
		if (!widths) await page.setViewportSize(WIDTHS[0][1]);
		await page.emulateMedia({ colorScheme: 'light' });
		await this.settle();
	}

	// The passphrase input of the unlock or welcome screen.
	passphraseField() {
		return this.page.getByLabel('Passphrase', { exact: true }).and(this.page.locator('input'));
	}

	// Unlocks from the unlock screen with the passphrase.
	async unlock(passphrase = PASS) {
		const page = this.page;
		await this.passphraseField().fill(passphrase);
		await page.getByRole('button', { name: 'Unlock', exact: true }).click();
	}

	// Opens the address ebb serve printed (the one-use token), as a person would.
	async open() {
		await this.page.goto(this.url);
		await this.settle();
	}
}

// Runs one test: sets up its home, vault and server, its own browser with a
// fresh profile, then the body; always tears everything down. Resolves with
// {ok, reason, details, ms}.
export async function runTest(test, opts) {
	const t0 = Date.now();
	const t = new TestContext(test.name, opts);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ebb-web-${test.name}-`));
	t.dir = dir;
	for (const d of ['home', 'data', 'config', 'cache', 'state', 'run', 'profile']) fs.mkdirSync(path.join(dir, d), { mode: 0o700 });
	t.vault = path.join(dir, 'data', 'ebb', 'vault.ebb');
	fs.mkdirSync(path.dirname(t.vault), { mode: 0o700 });
	const env = {
		PATH: process.env.PATH || '/usr/bin:/bin',
		HOME: path.join(dir, 'home'),
		XDG_DATA_HOME: path.join(dir, 'data'),
		XDG_CONFIG_HOME: path.join(dir, 'config'),
		XDG_CACHE_HOME: path.join(dir, 'cache'),
		XDG_STATE_HOME: path.join(dir, 'state'),
		XDG_RUNTIME_DIR: path.join(dir, 'run'),
		EBB_VAULT: t.vault,
		TZ: 'UTC',
		LC_ALL: 'C.UTF-8',
		NO_COLOR: '1',
	};
	t.env = env;
	const logPath = path.join(opts.out, 'logs', `${test.name}-serve.log`);
	let server = null;
	let context = null;
	let result;
	const pageErrors = [];
	try {
		if (test.vault === 'plain') {
			t.ebb(['init', '--left-on', test.leftOn || '40 days ago', '--kdf', 'interactive'], { pass: true });
		} else if (test.vault === 'demo') {
			t.ebb(['demo', '--vault', t.vault, '--days', '120', '--kdf', 'interactive']);
		}
		if (test.setup) await test.setup(t); // before the server: e.g. records written by the CLI
		server = await startServer(opts.ebb, env, test.serveArgs || [], logPath);
		t.url = server.url;
		t.base = new URL(server.url).origin;
		context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: WIDTHS[0][1],
			colorScheme: 'light',
			reducedMotion: test.reducedMotion || 'no-preference',
			timezoneId: 'UTC',
			locale: 'en-GB',
		});
		t.context = context;
		context.setDefaultTimeout(10000);
		const page = context.pages()[0] || (await context.newPage());
		t.page = page;
		page.on('pageerror', (e) => pageErrors.push(`uncaught in page: ${e.message}`));
		page.on('console', (m) => {
			if (m.type() !== 'error') return;
			// an API answer of 4xx (423 while locked, 401 for a wrong passphrase...) is the page's business
			if (/^Failed to load resource/.test(m.text()) && /\/api\//.test(m.location().url || '')) return;
			pageErrors.push(`console error: ${m.text()} (${m.location().url || 'page'})`);
		});
		page.on('response', (r) => {
			const u = new URL(r.url());
			if (u.origin === t.base && !u.pathname.startsWith('/api/') && r.status() >= 400)
				pageErrors.push(`${r.request().method()} ${u.pathname} answered ${r.status()}`);
		});
		page.on('request', (r) => t.pending.set(r, Date.now()));
		page.on('requestfinished', (r) => t.pending.delete(r));
		page.on('requestfailed', (r) => t.pending.delete(r));
		await t.open();
		await test.fn(t);
		if (pageErrors.length) t.problems.push(...pageErrors);
		result = t.problems.length
			? { ok: false, reason: t.problems[0].split('\n')[0], details: t.problems.join('\n') }
			: { ok: true };
	} catch (e) {
		const reason = e instanceof Fail ? e.message : `${e.name}: ${stripAnsi(e.message).split('\n')[0]}`;
		const details = [e instanceof Fail ? '' : stripAnsi(e.stack || ''), ...t.problems, ...pageErrors].filter(Boolean).join('\n');
		result = { ok: false, reason, details };
		if (t.page) {
			await t.page
				.screenshot({ path: path.join(opts.out, 'failures', `${test.name}.png`), fullPage: true })
				.catch(() => {});
		}
	}
	if (context) await context.close().catch(() => {});
	if (server) {
		const code = await stopServer(server.proc);
		if (code !== 0 && result.ok) result = { ok: false, reason: `ebb serve exited ${code} after SIGTERM (wanted 0)`, details: server.output() };
		// privacy: what the test typed never reaches the disk or the server's output
		const leaks = [];
		for (const s of t.secrets) {
			const needle = Buffer.from(s, 'utf8');
			for (const f of filesUnder(path.join(dir, 'data'))) if (fs.readFileSync(f).includes(needle)) leaks.push(`${JSON.stringify(s)} in ${path.relative(dir, f)}`);
			if (server.output().includes(s)) leaks.push(`${JSON.stringify(s)} in the server's output`);
		}
		if (leaks.length && result.ok) result = { ok: false, reason: `plaintext on disk or in logs: ${leaks[0]}`, details: leaks.join('\n') };
	}
	if (!opts.keep) fs.rmSync(dir, { recursive: true, force: true });
	result.ms = Date.now() - t0;
	result.shots = t.shots;
	return result;
}
