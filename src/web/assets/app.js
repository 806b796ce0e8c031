/*
 * app.js — the page's frame: the header (navigation, Help now, Lock,
 * Quick exit), the demo banner, hash routes, the idle lock and the quick
 * exit. Each screen lives in its own module and renders into <main>.
 *
 * Routes are hash routes (#/checkin...) so Back works and nothing personal
 * ever goes into an address. Which screen shows depends on the vault:
 * none yet → the welcome (creating the vault); locked → the screens that
 * only write stay usable, the ones that read show the unlock screen.
 */
import {h, clear, sleep} from './dom.js';
import {state, hooks, refreshSession, vocab, get, post, unlocked, hasVault} from './api.js';
import {W} from './words.js';
import {forgetCrisis} from './widgets.js';
import * as welcome from './screen-welcome.js';
import * as unlock from './screen-unlock.js';
import * as home from './screen-home.js';

/*
 * Each screen module exports: title, needs ("none": works without a vault;
 * "vault": works locked, writing only; "unlock": reads, so needs the vault
 * unlocked) and render(view, ctx).
 */
/*
 * The first screens (home, welcome, unlock) come with the page; the others
 * are loaded when first shown, and fetched in the background once the first
 * screen is up, so the first frame waits for six small files, not twenty.
 * A lazy route names what it needs here (the module says the same).
 */
const lazy = (needs, load) => ({needs, load});

const ROUTES = {
	'/': home,
	'/checkin': lazy('vault', () => import('./screen-checkin.js')),
	'/urge': lazy('vault', () => import('./screen-urge.js')),
	'/write': lazy('vault', () => import('./screen-write.js')),
	'/entries': lazy('unlock', () => import('./screen-entries.js')),
	'/reasons': lazy('vault', () => import('./screen-reasons.js')),
	'/dates': lazy('vault', () => import('./screen-dates.js')),
	'/plan': lazy('unlock', () => import('./screen-plan.js')),
	'/waves': lazy('unlock', () => import('./screen-waves.js')),
	'/insights': lazy('unlock', () => import('./screen-insights.js')),
	'/help': lazy('none', () => import('./screen-help.js')),
	'/signs': lazy('vault', () => import('./screen-signs.js')),
};

/* Loads every lazy screen, quietly, when the browser has a moment. */
function warmScreens() {
	const later = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
	later(() => {
		for (const r of Object.values(ROUTES)) if (r.load) r.load().catch(() => {});
	});
}

/* The main navigation: [path, label, shown while locked]. ebb serve draws
 * the same list into the page when the vault is open (server.c, NAV). */
const NAV = [
	['/', 'Today', false],
	['/checkin', 'Check in', true],
	['/urge', 'Urge', true],
	['/write', 'Write', true],
	['/entries', 'Entries', false],
	['/reasons', 'Reasons', true],
	['/dates', 'Dates', true],
	['/plan', 'Plan', false],
	['/waves', 'Waves', false],
	['/insights', 'Insights', false],
];

const GENERIC_UNREACHABLE =
	"ebb can't be reached just now. Is 'ebb serve' still running in your terminal?";

const main = document.getElementById('main');
const navList = document.getElementById('nav-list');
const nav = document.getElementById('site-nav');
const menuButton = document.getElementById('menu-button');
const lockButton = document.getElementById('lock-button');
const banners = document.getElementById('banners');
const announcer = document.getElementById('announcer');

let leaving = []; /* cleanups of the screen on show (timers) */
let shown = null; /* the screen module on show */
let renderCount = 0;
let sessionLost = false;
let exiting = false;

/* ---- small services for the screens ------------------------------------ */

/* Says text through the page's polite live region. */
function announce(text) {
	announcer.textContent = '';
	setTimeout(() => {
		announcer.textContent = text;
	}, 50);
}

/* "#/write?kind=letter" → {path: "/write", params: URLSearchParams}. */
function parseHash() {
	const raw = location.hash.replace(/^#/, '') || '/';
	const [path, q] = raw.split('?');
	return {path: ROUTES[path] ? path : null, params: new URLSearchParams(q || '')};
}

function go(path) {
	if (location.hash === `#${path}`) render();
	else location.hash = `#${path}`;
}

/* ---- the header, banners and the idle lock ---------------------------- */

function updateChrome() {
	const s = state.session;
	const open = unlocked();
	const exists = hasVault();
	const current = parseHash().path;
	clear(navList);
	if (exists && !sessionLost) {
		for (const [path, text, whenLocked] of NAV) {
			if (!open && !whenLocked && path !== '/') continue;
			const label = !open && path === '/' ? 'Unlock' : text;
			const a = h('a', {href: `#${path}`}, label);
			if (path === current) a.setAttribute('aria-current', 'page');
			navList.append(h('li', {}, a));
		}
	}
	nav.hidden = !exists || sessionLost;
	menuButton.hidden = nav.hidden;
	lockButton.hidden = !open || sessionLost;
	clear(banners);
	if (s && s.vault.demo) {
		banners.append(h('p', {class: 'banner banner-demo', role: 'note'}, h('strong', {}, 'Demo: '), W.demo));
	}
	if (s && exists && !open && !sessionLost && shown !== unlock) {
		banners.append(h('p', {class: 'banner banner-locked'},
			'Locked. ', W.lockedWrites));
	}
}

let idleTimer = null;
let idleDue = 0;

/*
 * The server locks after idle_seconds without a request. While unlocked,
 * the page asks GET /api/session (which does not keep the vault open) when
 * the lock is due, and at least every 30 seconds, so a vault locked by the
 * idle timer, another window or `ebb lock` does not stay on view.
 */
function armIdle(seconds) {
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = null;
	if (!unlocked() || sessionLost || exiting) return;
	const s = seconds ?? state.session.idle_seconds ?? 900;
	idleDue = Date.now() + s * 1000;
	idleTimer = setTimeout(idleCheck, Math.min(s + 1, 30) * 1000);
}

async function idleCheck() {
	if (idleTimer) clearTimeout(idleTimer);
	idleTimer = null;
	let s = null;
	try {
		s = await refreshSession();
	} catch {
		s = null; /* a lost session is handled by its hook; else ask again soon */
	}
	if (s && !s.vault.unlocked) {
		becameLocked('The vault has locked, to keep it private.');
		return;
	}
	if (sessionLost || exiting) return;
	const left = s && s.left_seconds !== null && s.left_seconds !== undefined ? s.left_seconds : 30;
	idleTimer = setTimeout(idleCheck, Math.min(left + 1, 30) * 1000);
}

/* Typing is use: while someone writes (a long entry, an edit), ask for
 * the words list now and then, which keeps the vault from locking under
 * their hands. Nothing is sent but the request itself. */
let lastTypingPing = 0;
document.addEventListener('input', () => {
	const now = Date.now();
	if (!unlocked() || now - lastTypingPing < 60000) return;
	lastTypingPing = now;
	get('/api/vocab').catch(() => {});
});

document.addEventListener('visibilitychange', () => {
	if (document.visibilityState === 'visible' && unlocked() && Date.now() > idleDue - 1000) idleCheck();
});

/* The vault is locked now (idle, another window, or a 423): reading
 * screens give way to the unlock screen; writing screens stay. */
function becameLocked(text) {
	if (state.session) state.session.vault.unlocked = false;
	if (idleTimer) clearTimeout(idleTimer);
	forgetCrisis();
	updateChrome();
	const {path} = parseHash();
	const screen = ROUTES[path || '/'];
	if (screen.needs === 'unlock') render({notice: text});
	else announce(`${text} ${W.lockedWrites}`);
}

hooks.onActivity = () => armIdle();
hooks.onLocked = () => becameLocked('The vault is locked.');
hooks.onSessionLost = () => {
	if (sessionLost || exiting) return;
	sessionLost = true;
	if (idleTimer) clearTimeout(idleTimer);
	showSessionLost();
};

function showSessionLost() {
	runLeaving();
	updateChrome();
	const h1 = h('h1', {tabindex: '-1'}, 'Open ebb again');
	main.replaceChildren(h('div', {class: 'screen narrow'}, h1,
		h('p', {}, 'This page is no longer connected to ebb. That happens when ebb serve ' +
			'stops or restarts, and it keeps your vault safe.'),
		h('p', {}, 'To carry on, open the address ebb serve printed in your terminal. It looks like ',
			h('code', {}, 'http://127.0.0.1:7770/?t=…'), '. If ebb serve is not running, start it ' +
			'again with ', h('code', {}, 'ebb serve'), '.'),
		h('p', {}, 'If you need someone now, crisis lines are on ',
			h('a', {href: 'https://findahelpline.com', rel: 'noreferrer'}, 'findahelpline.com'), '.')));
	document.title = 'Open ebb again';
	h1.focus();
}

/* ---- rendering a route -------------------------------------------------- */

function runLeaving() {
	for (const fn of leaving) {
		try {
			fn();
		} catch {
			/* a cleanup never stops the next screen */
		}
	}
	leaving = [];
}

/*
 * Shows the screen for the current hash. extra.notice: a sentence for the
 * unlock screen (why it is showing); extra.focus === false: leave focus.
 */
async function render(extra = {}) {
	if (sessionLost || exiting) return;
	runLeaving();
	const mine = ++renderCount;
	const {path, params} = parseHash();
	if (!path) {
		location.replace('#/');
		return;
	}
	let screen = ROUTES[path];
	if (!hasVault() && screen.needs !== 'none') screen = welcome;
	else if (hasVault() && !unlocked() && screen.needs === 'unlock') screen = unlock;
	if (screen.load) {
		try {
			screen = await screen.load();
		} catch {
			if (mine !== renderCount) return;
			const h1 = h('h1', {tabindex: '-1'}, "ebb can't be reached");
			main.replaceChildren(h('div', {class: 'screen narrow'}, h1,
				h('p', {}, GENERIC_UNREACHABLE),
				h('button', {type: 'button', onclick: () => location.reload()}, 'Try again')));
			h1.focus();
			return;
		}
		if (mine !== renderCount) return;
	}
	nav.classList.remove('is-open');
	menuButton.setAttribute('aria-expanded', 'false');
	shown = screen;
	updateChrome();

	/* the home screen ebb serve drew into the page: used as it is, once */
	const drawn = screen === home ? main.querySelector(':scope > [data-ssr="home"]') : null;
	const view = drawn || h('div', {class: `screen screen-${screen.name || 'x'}`});
	const hadFocus = main.contains(document.activeElement) && document.activeElement !== main;
	if (drawn) {
		drawn.removeAttribute('data-ssr');
		for (const el of [...main.children]) if (el !== drawn) el.remove();
	} else {
		main.replaceChildren(view);
	}
	document.documentElement.classList.remove('elsewhere'); /* start.js */
	document.title = `${screen.title} · ebb`;
	const ctx = {
		params,
		path,
		announce,
		go,
		notice: extra.notice || '',
		alive: () => mine === renderCount,
		onLeave: (fn) => leaving.push(fn),
		/* the screen's h1, focusable so navigation can move focus to it */
		heading: (text) => {
			const h1 = h('h1', {tabindex: '-1'}, text);
			view.append(h1);
			return h1;
		},
		/* after unlocking or creating the vault */
		sessionChanged: () => {
			updateChrome();
			armIdle();
		},
		rerender: () => render({focus: false}),
	};
	const done = drawn ? screen.adopt(view, ctx) : screen.render(view, ctx);
	const h1 = view.querySelector('h1');
	if (extra.focus !== false) {
		if (h1) h1.focus();
		window.scrollTo(0, 0);
	} else if (hadFocus && h1) {
		/* what had focus is gone with the old view: keep it in <main> */
		h1.focus({preventScroll: true});
	}
	try {
		await done;
	} catch (err) {
		/* a screen shows its own errors; this is the last resort */
		if (mine === renderCount && err && err.status !== 423 && err.status !== 401) {
			view.append(h('div', {class: 'msg msg-error', role: 'alert'}, h('p', {}, err.message)));
		}
	}
}

/* ---- lock and quick exit ---------------------------------------------- */

lockButton.addEventListener('click', async () => {
	lockButton.disabled = true;
	try {
		state.session = await post('/api/lock', {});
		forgetCrisis();
		if (idleTimer) clearTimeout(idleTimer);
		announce('Locked. ' + W.lockedWrites);
		go('/');
	} catch (err) {
		announce(err.message);
	} finally {
		lockButton.disabled = false;
	}
});

/*
 * Leaves at once: the page is emptied first, the vault locked (keepalive:
 * the request outlives the page) and the tab taken to a neutral page with
 * location.replace, so Back does not come here.
 */
async function quickExit() {
	if (exiting) return;
	exiting = true;
	runLeaving();
	if (idleTimer) clearTimeout(idleTimer);
	document.title = '';
	document.body.replaceChildren();
	forgetCrisis();
	const csrf = state.session ? state.session.csrf : '';
	state.session = null;
	state.vocab = null;
	const lock = fetch('/api/lock', {method: 'POST', keepalive: true, credentials: 'same-origin',
		headers: {'X-Ebb-CSRF': csrf, 'Content-Type': 'application/json'}, body: '{}'})
		.catch(() => {});
	await Promise.race([lock, sleep(700)]);
	location.replace('/away.html');
}

document.getElementById('quick-exit').addEventListener('click', quickExit);

/* The skip link moves focus into <main> without touching the hash, which
 * holds the route. */
document.querySelector('.skip-link').addEventListener('click', (e) => {
	e.preventDefault();
	main.focus();
	main.scrollIntoView();
});

let lastEscape = 0;
document.addEventListener('keydown', (e) => {
	if (e.key !== 'Escape') return;
	const now = Date.now();
	if (now - lastEscape <= 1500) {
		e.preventDefault();
		quickExit();
	} else {
		lastEscape = now;
		if (nav.classList.contains('is-open')) closeMenu(true);
	}
}, true);

/* ---- the menu on narrow screens ---------------------------------------- */

function closeMenu(focusButton) {
	nav.classList.remove('is-open');
	menuButton.setAttribute('aria-expanded', 'false');
	if (focusButton) menuButton.focus();
}

menuButton.addEventListener('click', () => {
	const open = !nav.classList.contains('is-open');
	nav.classList.toggle('is-open', open);
	menuButton.setAttribute('aria-expanded', String(open));
	if (open) {
		const first = navList.querySelector('a');
		if (first) first.focus();
	}
});

/* ---- start ---------------------------------------------------------------- */

async function boot() {
	/* the words and the session at once: neither waits for the other */
	const words = vocab().catch(() => {
		/* screens that need words ask again */
	});
	try {
		if (!state.session) await refreshSession();
	} catch (err) {
		if (err.status === 401) return; /* showSessionLost has run */
		const h1 = h('h1', {tabindex: '-1'}, "ebb can't be reached");
		main.replaceChildren(h('div', {class: 'screen narrow'}, h1,
			h('p', {}, err.message),
			h('button', {type: 'button', onclick: () => location.reload()}, 'Try again')));
		h1.focus();
		return;
	}
	await words;
	window.addEventListener('hashchange', () => render());
	armIdle(state.session.left_seconds ?? undefined);
	await render();
	/* the first screen works now (bench/web.sh reads the mark) */
	performance.mark('ebb-ready');
	warmScreens();
}

boot();
