/*
 * api.js — the only way the page talks to `ebb serve` (docs/API.md).
 *
 * Every state-changing call sends X-Ebb-CSRF (from GET /api/session) and
 * Content-Type: application/json. A failed call throws an ApiError with
 * the server's warm message; 423 (locked) and 401 (session gone) are also
 * reported to the hooks app.js installs, so the page can show the unlock
 * screen or the "open ebb again" message wherever they happen.
 */

export class ApiError extends Error {
	constructor(status, code, message, retryAfter = 0) {
		super(message);
		this.status = status;
		this.code = code;
		this.retryAfter = retryAfter;
	}
}

/*
 * The first data, written into the page by the server (GET /): the
 * session and the words, so the first screen waits for no request. (When
 * the vault is open the server has drawn the home screen into the page
 * too.) Read once and taken out of the document.
 */
let boot = null;
const bootEl = document.getElementById('ebb-boot');
if (bootEl) {
	try {
		boot = JSON.parse(bootEl.textContent);
	} catch {
		boot = null;
	}
	bootEl.remove();
}

/* What the page knows of the session: GET /api/session's object. */
export const state = {
	session: boot ? boot.session : null,
	vocab: boot ? boot.vocab : null,
};

/* Set by app.js: onLocked(err), onSessionLost(err), onActivity(). */
export const hooks = {
	onLocked: () => {},
	onSessionLost: () => {},
	onActivity: () => {},
};

const GENERIC = {
	0: "ebb can't be reached just now. Is 'ebb serve' still running in your terminal?",
	500: 'Something went wrong inside ebb; nothing was half-written. Please try again.',
	503: 'Another program is using the vault just now. Please try again in a moment.',
	507: 'The disk is full, so nothing was written.',
};

/*
 * call('GET', '/api/today') → the parsed JSON. opts.quiet423: handle a
 * locked vault here rather than through hooks.onLocked; opts.html: the
 * answer is HTML (GET /api/home), returned as text (errors are JSON).
 */
export async function call(method, path, body, opts = {}) {
	const init = {method, headers: {Accept: opts.html ? 'text/html' : 'application/json'},
		credentials: 'same-origin', cache: 'no-store'};
	if (method !== 'GET') {
		init.headers['X-Ebb-CSRF'] = state.session ? state.session.csrf : '';
		init.headers['Content-Type'] = 'application/json';
		init.body = JSON.stringify(body || {});
	}
	let res;
	try {
		res = await fetch(path, init);
	} catch {
		throw new ApiError(0, 'network', GENERIC[0]);
	}
	let data = null;
	try {
		data = opts.html && res.ok ? await res.text() : await res.json();
	} catch {
		data = null;
	}
	if (!res.ok) {
		const e = (data && data.error) || {};
		const wait = Number(res.headers.get('Retry-After')) || Number(e.retry_after) || 0;
		const err = new ApiError(res.status, e.code || 'http',
			e.message || GENERIC[res.status] || GENERIC[500], wait);
		if (res.status === 423 && !opts.quiet423) hooks.onLocked(err);
		if (res.status === 401 && err.code !== 'passphrase') hooks.onSessionLost(err);
		throw err;
	}
	/* every request but GET /api/session keeps the vault open (docs/API.md) */
	if (path !== '/api/session') hooks.onActivity();
	return data;
}

export const get = (path, opts) => call('GET', path, undefined, opts);
export const getHTML = (path, opts) => call('GET', path, undefined, {...opts, html: true});
export const post = (path, body, opts) => call('POST', path, body, opts);
export const put = (path, body, opts) => call('PUT', path, body, opts);
export const del = (path, opts) => call('DELETE', path, {}, opts);

/* A query string from an object, empty values left out. */
export function query(params) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) {
		if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
	}
	const s = q.toString();
	return s ? `?${s}` : '';
}

/* GET /api/session into state.session. */
export async function refreshSession() {
	state.session = await get('/api/session');
	return state.session;
}

/* GET /api/vocab once. */
export async function vocab() {
	if (!state.vocab) state.vocab = await get('/api/vocab');
	return state.vocab;
}

/* The label of key in vocab list name ("urge_did", "waited"), or the key. */
export function label(name, key) {
	const list = (state.vocab && state.vocab[name]) || [];
	const w = list.find((x) => x.key === key);
	return w ? w.label : key;
}

export const unlocked = () => Boolean(state.session && state.session.vault.unlocked);
export const hasVault = () => Boolean(state.session && state.session.vault.exists);
