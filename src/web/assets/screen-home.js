/*
 * screen-home.js — Today: `ebb today` in two halves, letting go and
 * healing (GET /api/today), with the urge button always at hand.
 */
import {h, clear, messageArea, capital} from './dom.js';
import {get, post, put, vocab, label, state, takeBootToday} from './api.js';
import {W, when, day, daysAgo, plural, machineTime, isoDay} from './words.js';
import {loading, problem, field, choice} from './widgets.js';

export const name = 'home';
export const title = 'Today';
export const needs = 'unlock';

/* A dl row. */
const row = (term, ...desc) => [h('dt', {}, term), h('dd', {}, ...desc)];

function lettingGo(t, ctx) {
	const lg = t.letting_go;
	const sec = h('section', {class: 'card half', 'aria-labelledby': 'h-letting-go'},
		h('h2', {id: 'h-letting-go'}, 'Letting go'),
		h('p', {class: 'half-about'}, 'What you did: the leaving, the contact, the urges.'));

	/* the day you left */
	if (lg.days_since_left === null || lg.days_since_left === undefined) {
		sec.append(h('p', {}, 'The day you left: not set.'), leftOnForm(ctx));
	} else if (lg.days_since_left === 0) {
		sec.append(h('p', {class: 'big-line'}, `You left today, ${day(lg.left_on)}. ` +
			'That was a decision, and it was yours.'));
	} else if (lg.days_since_left > 0) {
		sec.append(h('p', {class: 'big-line'}, 'You left ',
			h('span', {class: 'big-number'}, String(lg.days_since_left)),
			` ${lg.days_since_left === 1 ? 'day' : 'days'} ago, on ${day(lg.left_on)}.`));
	} else {
		sec.append(h('p', {}, `The day you leave: ${day(lg.left_on)}, ${daysAgo(lg.days_since_left)}.`));
	}

	/* contact */
	const c = lg.last_contact;
	if (!c) {
		sec.append(h('p', {}, 'Contact: no contact recorded.'));
	} else {
		const by = c.by === 'me' ? ' (you reached out)' : c.by === 'them' ? ' (they reached out)' : '';
		sec.append(h('p', {}, `Last contact: ${daysAgo(c.days_since)}${by}.`));
	}
	sec.append(contactForm(ctx));

	/* urges this week */
	const u = lg.urges;
	const urges = h('div', {class: 'urge-week'},
		h('h3', {}, 'Urges in the last 7 days'));
	if (!u.total) {
		urges.append(h('p', {}, 'None noted.'));
	} else {
		urges.append(h('dl', {class: 'tally'},
			row('felt', String(u.total)),
			row('let pass', String(u.let_pass)),
			row('acted on', String(u.acted_on))));
		const did = h('ul', {class: 'plain-list small'});
		for (const w of state.vocab ? state.vocab.urge_did : []) {
			if (u.did[w.key]) did.append(h('li', {}, `${u.did[w.key]}  ${w.label}`));
		}
		if (u.did.not_noted) did.append(h('li', {}, `${u.did.not_noted}  nothing noted about it`));
		if (did.childElementCount) urges.append(did);
	}
	urges.append(h('p', {class: 'hint'}, 'Felt and acted on are counted apart, and neither is judged. ',
		W.feeling));
	sec.append(urges);
	return sec;
}

/* The day you left, when it is not set yet: POST a profile (or PUT the
 * one there is, keeping its other words). */
function leftOnForm(ctx) {
	const f = field('The day you left', {type: 'date', max: isoDay(), required: true});
	const msg = messageArea();
	const form = h('form', {class: 'inline-form', novalidate: true}, f.el,
		h('button', {type: 'submit', class: 'secondary'}, 'Keep this date'), msg);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		if (!/^\d{4}-\d{2}-\d{2}$/.test(f.input.value)) {
			msg.say('Choose the day, please.', 'error');
			f.input.focus();
			return;
		}
		try {
			const [profile] = await get('/api/records?kind=profile&limit=1');
			if (profile) {
				await put(`/api/records/${profile.id}`, {body: {...profile.body, left_on: f.input.value}});
			} else {
				await post('/api/records', {kind: 'profile', body: {left_on: f.input.value}});
			}
			ctx.announce('Kept.');
			ctx.rerender();
		} catch (err) {
			msg.say(err.message, 'error');
		}
	});
	return form;
}

/* Noting a contact that happened (kind contact). */
function contactForm(ctx) {
	const by = choice('Who reached out?', [
		{key: 'me', label: 'I did'}, {key: 'them', label: 'They did'}]);
	const note = field('A few words about it', {multiline: true, rows: 2, optional: true});
	const msg = messageArea();
	const form = h('form', {class: 'stack', novalidate: true},
		h('p', {class: 'hint'}, "Some people can't or don't go no-contact, and that is nobody's " +
			'verdict to give.'),
		by.el, note.el, h('button', {type: 'submit', class: 'secondary'}, 'Note this contact'), msg);
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = {};
		if (by.value()) body.by = by.value();
		if (note.input.value.trim()) body.note = note.input.value.trim();
		try {
			const r = await post('/api/records', {kind: 'contact', body});
			ctx.announce(r.queued ? `Contact noted. ${W.queued}` : 'Contact noted.');
			ctx.rerender();
		} catch (err) {
			msg.say(err.message, 'error');
		}
	});
	return h('details', {class: 'disclosure'}, h('summary', {}, 'Note a contact that happened'), form);
}

function checkinLine(r) {
	const feelings = (r.body.feelings || []).map((k) => label('feelings', k)).join(', ');
	return h('li', {},
		h('time', {datetime: machineTime(r.at)}, when(r.at, {year: false})),
		h('span', {class: 'intensity'}, `${r.body.intensity}/10`),
		feelings ? h('span', {class: 'feelings'}, feelings) : null);
}

function healing(t) {
	const he = t.healing;
	const sec = h('section', {class: 'card half', 'aria-labelledby': 'h-healing'},
		h('h2', {id: 'h-healing'}, 'Healing'),
		h('p', {class: 'half-about'}, 'How it feels: slower, and in waves.'));

	/* check-ins */
	const ck = h('div', {}, h('h3', {}, 'Latest check-ins'));
	if (!he.checkins.length) {
		ck.append(h('p', {}, 'None yet. A check-in takes ten seconds: ',
			h('a', {href: '#/checkin'}, 'check in'), '.'));
	} else {
		ck.append(h('ul', {class: 'checkins'}, he.checkins.map(checkinLine)),
			h('p', {}, h('a', {href: '#/waves'}, 'See the waves in your check-ins')));
	}
	sec.append(ck);

	/* signs */
	const sg = h('div', {}, h('h3', {}, 'Signs of healing'));
	if (!he.signs) {
		sg.append(h('p', {}, 'Not rated yet. ', h('a', {href: '#/signs'}, 'Rate the four signs'),
			', from 0 (not at all) to 4 (very much).'));
	} else {
		const list = state.vocab ? state.vocab.signs : [];
		sg.append(h('p', {class: 'hint'}, `Rated ${when(he.signs.at, {time: false})}, from 0 (not at all) ` +
			'to 4 (very much):'),
		h('ul', {class: 'signs-list'}, (he.signs.body.ratings || []).map((n, i) =>
			h('li', {}, h('span', {class: 'sign-n', 'aria-hidden': 'true'},
				h('span', {class: `pips pips-${n}`})),
			h('span', {}, `${n} of 4: ${list[i] ? list[i].label : ''}`)))),
		h('p', {}, h('a', {href: '#/signs'}, 'Rate them again')));
	}
	sec.append(sg);

	/* the prompt */
	if (he.prompt) {
		state.todayPrompt = he.prompt;
		sec.append(h('div', {class: 'prompt-of-day'},
			h('h3', {}, `A prompt for today (${label('prompt_kinds', he.prompt.kind)})`),
			h('blockquote', {}, h('p', {}, he.prompt.text)),
			h('p', {}, h('a', {href: `#/write?kind=${encodeURIComponent(he.prompt.kind)}&prompt=${
				encodeURIComponent(he.prompt.id)}`}, 'Write from this prompt'))));
	}

	/* hard dates */
	const hd = h('div', {}, h('h3', {}, 'Hard dates'));
	if (!he.hard_dates.length) {
		hd.append(h('p', {}, 'No hard dates in the next 7 days. ',
			h('a', {href: '#/dates'}, 'Your hard dates')));
	} else {
		const ul = h('ul', {class: 'plain-list'});
		for (const d of he.hard_dates) {
			const lab = d.label || 'a hard date';
			if (d.in_days === 0) ul.append(h('li', {}, `Today: ${lab}.`));
			else if (d.in_days === 1) ul.append(h('li', {}, `${capital(lab)} is tomorrow (${day(d.next)}).`));
			else ul.append(h('li', {}, `${capital(lab)} is in ${d.in_days} days (${day(d.next)}).`));
		}
		hd.append(ul, h('p', {}, W.hardDays, ' ', h('a', {href: '#/plan'}, 'Your safety plan'),
			' is there if it gets heavy.'));
	}
	sec.append(hd);
	return sec;
}

export async function render(view, ctx) {
	const h1 = ctx.heading('Today');
	const sub = h('p', {class: 'lede'});
	const urge = h('button', {type: 'button', class: 'urge-button', onclick: () => ctx.go('/urge')},
		"I'm having an urge");
	const top = h('div', {class: 'today-top'}, h('div', {class: 'today-title'}, h1, sub),
		h('div', {class: 'urge-box'}, urge,
			h('p', {class: 'hint'}, 'A pause, your own reasons, a slow breath. Nothing is judged.')));
	view.append(top);
	const body = h('div', {class: 'today-body', 'aria-busy': 'true'});
	view.append(body);
	const wait = loading(body);
	let t;
	try {
		t = takeBootToday();
		if (!t) [, t] = await Promise.all([vocab(), get('/api/today')]);
	} catch (err) {
		wait.remove();
		body.removeAttribute('aria-busy');
		if (err.status !== 423) body.append(problem(err, () => ctx.rerender()));
		return;
	}
	if (!ctx.alive()) return;
	clear(body);
	body.removeAttribute('aria-busy');
	sub.textContent = `${when(`${t.today}T12:00:00`, {time: false})}.`;
	if (!t.checked_in_today) {
		top.append(h('p', {class: 'nudge'}, 'No check-in yet today. When you like: ',
			h('a', {href: '#/checkin', class: 'button-link'}, 'Check in'),
			' from 0 (light) to 10 (heaviest).'));
	}
	body.append(h('div', {class: 'halves'}, lettingGo(t, ctx), healing(t)));
	body.append(h('p', {class: 'help-line'}, 'If you need someone now: ', h('a', {href: '#/help'}, 'Help now'), '.'));
	if (state.session && state.session.vault.queued) {
		body.append(h('p', {class: 'hint'}, `${plural(state.session.vault.queued, 'thing')} written while locked ` +
			'will join the rest at the next unlock.'));
	}
}
