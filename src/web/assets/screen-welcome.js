/*
 * screen-welcome.js — the first visit, when there is no vault yet: what
 * ebb is and is not, then creating the vault (POST /api/init): the
 * passphrase with its strength shown, the day you left, who it was, and
 * optionally the first reasons and things you miss.
 */
import {h, messageArea, uid} from './dom.js';
import {post, vocab, state} from './api.js';
import {W, isoDay} from './words.js';
import {field, choice} from './widgets.js';
import {estimate} from './strength.js';

export const name = 'welcome';
export const title = 'Welcome';
export const needs = 'none';

/* Lines of a textarea, trimmed, empty ones left out. */
const lines = (s) => s.split('\n').map((x) => x.trim()).filter(Boolean);

/* The passphrase field with its show/hide button and strength. */
function passphraseField() {
	const f = field('Passphrase', {type: 'password', autocomplete: 'new-password', required: true,
		hint: 'At least 8 characters. A few unrelated words make a strong one.'});
	f.input.setAttribute('spellcheck', 'false');
	f.input.setAttribute('autocapitalize', 'off');
	const show = h('button', {type: 'button', class: 'secondary small', 'aria-pressed': 'false'},
		'Show passphrase');
	const bar = h('div', {class: 'strength-bar', 'aria-hidden': 'true'},
		h('span', {}), h('span', {}), h('span', {}), h('span', {}));
	const wordsId = uid('s');
	const words = h('p', {class: 'strength-words', id: wordsId, 'aria-live': 'polite'}, '');
	f.input.setAttribute('aria-describedby', `${f.input.getAttribute('aria-describedby')} ${wordsId}`);
	const strength = h('div', {class: 'strength', 'data-score': '0'}, bar, words);
	f.el.append(h('div', {class: 'pass-row'}, show), strength);
	let lastLabel = '';
	f.input.addEventListener('input', () => {
		const e = estimate(f.input.value);
		strength.dataset.score = f.input.value ? String(e.score + 1) : '0';
		if (e.label !== lastLabel) {
			lastLabel = e.label;
			words.textContent = e.label ? `Strength: ${e.label}. ${e.advice}` : '';
		}
	});
	show.addEventListener('click', () => {
		const on = f.input.type === 'password';
		f.input.type = on ? 'text' : 'password';
		show.setAttribute('aria-pressed', String(on));
	});
	return f;
}

export async function render(view, ctx) {
	ctx.heading('Welcome to ebb');
	view.append(
		h('p', {class: 'lede'}, 'A private companion for the time after leaving a relationship you chose ' +
			'to leave: a partner, a friend, family.'),
		h('div', {class: 'intro-grid'},
			h('section', {class: 'card', 'aria-labelledby': 'h-what'}, h('h2', {id: 'h-what'}, 'What ebb is'),
				h('p', {}, 'Letting go is not the same as healing. ebb keeps the two apart: letting go (the ' +
					'days since you left, the urges you felt and what you did with them) and healing (how the ' +
					'waves of grief move, the signs that it is getting lighter).'),
				h('p', {}, 'You can check in, write (letters that are never sent, the story you did not get to ' +
					'live), keep your reasons for leaving beside what you miss, and find a pause when an urge comes.')),
			h('section', {class: 'card', 'aria-labelledby': 'h-not'}, h('h2', {id: 'h-not'}, 'What ebb is not'),
				h('p', {}, 'ebb is not therapy, and it never diagnoses. If you need someone now, ',
					h('a', {href: '#/help'}, 'Help now'), ' lists crisis lines.')),
			h('section', {class: 'card', 'aria-labelledby': 'h-private'}, h('h2', {id: 'h-private'}, 'Private'),
				h('p', {}, 'Everything stays in one encrypted file on this computer. Nothing is sent anywhere, ' +
					'and ebb never sends anything to anyone.'))));

	let words = null;
	try {
		words = await vocab();
	} catch {
		words = null;
	}
	if (!ctx.alive()) return;

	const pass = passphraseField();
	const again = field('The passphrase again', {type: 'password', autocomplete: 'new-password', required: true});
	const left = field('The day you left', {type: 'date', max: isoDay(), optional: true,
		hint: 'Days are counted from it. You can leave it for later.'});
	const rel = words ? choice('Who was it?', words.relationships, {name: 'relationship',
		optional: true}) : null;
	const reasons = field('Why I left', {multiline: true, rows: 3, optional: true,
		hint: 'A reason a line, in your own words. On a day when missing them gets loud, they can steady you.'});
	const misses = field('What I miss', {multiline: true, rows: 3, optional: true,
		hint: 'A thing a line. Missing what was good is part of grieving it, not a sign that leaving was wrong.'});
	const create = h('button', {type: 'submit', class: 'primary'}, 'Create my vault');
	const msg = messageArea();

	const form = h('form', {class: 'stack', novalidate: true},
		h('section', {class: 'card', 'aria-labelledby': 'h-pass'}, h('h2', {id: 'h-pass'}, 'Your passphrase'),
			h('p', {class: 'important'}, W.forgotten), pass.el, again.el),
		h('section', {class: 'card', 'aria-labelledby': 'h-you'}, h('h2', {id: 'h-you'}, 'About the leaving'),
			left.el, rel ? rel.el : null, reasons.el, misses.el),
		h('div', {class: 'actions'}, create), msg);
	view.append(form);

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const p = pass.input.value;
		if ([...p].length < 8) {
			msg.say('The passphrase needs at least 8 characters.', 'error');
			pass.input.focus();
			return;
		}
		if (p !== again.input.value) {
			msg.say('The two passphrases differ, so nothing was made. Type it once more below.', 'error');
			again.input.value = '';
			again.input.focus();
			return;
		}
		const body = {passphrase: p};
		if (left.input.value) body.left_on = left.input.value;
		if (rel && rel.value()) body.relationship = rel.value();
		if (lines(reasons.input.value).length) body.reasons = lines(reasons.input.value);
		if (lines(misses.input.value).length) body.misses = lines(misses.input.value);
		create.disabled = true;
		msg.say('Making your vault. This takes a few seconds…', 'info');
		try {
			state.session = await post('/api/init', body);
			pass.input.value = '';
			again.input.value = '';
			ctx.sessionChanged();
			ctx.announce('Your vault is ready. Writing never needs your passphrase; reading does.');
			ctx.go('/');
		} catch (err) {
			create.disabled = false;
			if (err.code === 'exists') {
				msg.say('There is a vault here already. Unlock it with its passphrase.', 'error');
				setTimeout(() => location.reload(), 2500);
				return;
			}
			msg.say(err.message, 'error');
		}
	});
}
