#!/usr/bin/env node
// run.mjs — runs ebb's browser tests and prints one TAP-like line per test.
//
//   node tests/web/run.mjs --ebb build/ebb --out build/web-artifacts
//        [--jobs N] [--only NAME[,NAME]] [--keep]
//
// Each test has its own temporary HOME, XDG dirs, EBB_VAULT, `ebb serve`
// and chromium profile (see harness.mjs). --jobs runs that many at a time
// (default 2: the machines have two cores). Screenshots go to
// OUT/screenshots/TEST-SCREEN-{desktop,phone}[-dark].png, the servers'
// output to OUT/logs/, a screenshot of a failed test to OUT/failures/.
// --keep leaves each test's temporary directory in place.
// Exits 0 only when every test passed.

import fs from 'node:fs';
import path from 'node:path';
import { runTest } from './harness.mjs';
import { tests } from './tests.mjs';

function usage(msg) {
	if (msg) console.error(`run.mjs: ${msg}`);
	console.error('usage: node tests/web/run.mjs --ebb PATH --out DIR [--jobs N] [--only NAME[,NAME]] [--keep]');
	process.exit(2);
}

const opts = { jobs: 2, keep: false, only: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
	const a = argv[i];
	const val = () => {
		if (i + 1 >= argv.length) usage(`${a} needs a value`);
		return argv[++i];
	};
	if (a === '--ebb') opts.ebb = path.resolve(val());
	else if (a === '--out') opts.out = path.resolve(val());
	else if (a === '--jobs') opts.jobs = Number(val());
	else if (a === '--only') opts.only = val().split(',');
	else if (a === '--keep') opts.keep = true;
	else if (a === '-h' || a === '--help') usage();
	else usage(`unknown argument ${a}`);
}
if (!opts.ebb || !opts.out) usage('--ebb and --out are needed');
if (!Number.isInteger(opts.jobs) || opts.jobs < 1) usage('--jobs wants a whole number from 1');
try {
	fs.accessSync(opts.ebb, fs.constants.X_OK);
} catch {
	usage(`no ebb binary at ${opts.ebb}: build first (make build)`);
}

let chosen = tests;
if (opts.only) {
	const unknown = opts.only.filter((n) => !tests.some((t) => t.name === n));
	if (unknown.length) usage(`no test named ${unknown.join(', ')} (tests: ${tests.map((t) => t.name).join(' ')})`);
	chosen = tests.filter((t) => opts.only.includes(t.name));
}

for (const d of ['screenshots', 'logs', 'failures']) {
	fs.rmSync(path.join(opts.out, d), { recursive: true, force: true });
	fs.mkdirSync(path.join(opts.out, d), { recursive: true });
}

const started = Date.now();
console.log(`1..${chosen.length}`);
let passed = 0;
let failed = 0;
let shots = 0;
let next = 0;

async function worker() {
	while (next < chosen.length) {
		const index = next++;
		const test = chosen[index];
		const r = await runTest(test, opts);
		shots += r.shots || 0;
		const secs = (r.ms / 1000).toFixed(1);
		if (r.ok) {
			passed++;
			console.log(`ok ${index + 1} - ${test.name} (${secs} s)`);
		} else {
			failed++;
			const [first, ...more] = r.reason.split('\n');
			console.log(`not ok ${index + 1} - ${test.name}: ${first} (${secs} s)`);
			for (const line of [...more, ...(r.details ? r.details.split('\n') : [])].filter(Boolean)) console.log(`# ${line}`);
		}
	}
}

await Promise.all(Array.from({ length: Math.min(opts.jobs, chosen.length) }, worker));
const total = ((Date.now() - started) / 1000).toFixed(1);
console.log(`# ${shots} screenshots in ${path.join(opts.out, 'screenshots')}; ${total} s in all`);
console.log(`web: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
