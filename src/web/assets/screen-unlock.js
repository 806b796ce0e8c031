/*
 * screen-unlock.js — the locked vault: the passphrase (POST /api/unlock),
 * a kind word when it is not the right one, the wait after too many tries
 * (429 Retry-After, the button comes back by itself), and what still
 * works while locked: check-in, the urge flow, writing and help.
 */
import {h, messageArea} from './dom.js';
import {post, state} from './api.js';
import {W, plural} from './words.js';
import {field} from './widgets.js';

export const name = 'unlock';
export const title = 'Unlock';
export const needs = 'none';

export async function render(view, ctx) {
	ctx.heading('Unlock your vault');
	const q = state.session ? state.session.vault.queued : 0;
	view.append(h('p', {class: 'lede'}, ctx.notice ? `${ctx.notice} ` : '',
		'Reading what you have written needs your passphrase.'));

	const pass = field('Passphrase', {type: 'password', autocomplete: 'current-password', required: true});
	pass.input.setAttribute('spellcheck', 'false');
	pass.input.setAttribute('autocapitalize', 'off');
	const button = h('button', {type: 'submit', class: 'primary'}, 'Unlock');
	const msg = messageArea();
	const form = h('form', {class: 'stack unlock-form', novalidate: true}, pass.el,
		h('div', {class: 'actions'}, button), msg);
	view.append(h('div', {class: 'card narrow'}, form));

	const still = h('section', {class: 'card', 'aria-labelledby': 'h-still'},
		h('h2', {id: 'h-still'}, 'While it is locked'),
		h('p', {}, W.lockedWrites),
		q ? h('p', {class: 'queued'}, `${plural(q, 'thing')} written while locked ${q === 1 ? 'is' : 'are'} ` +
			'kept, waiting to join the rest when you unlock.') : null,
		h('div', {class: 'actions wrap'},
			h('button', {type: 'button', class: 'urge-button small-urge', onclick: () => ctx.go('/urge')},
				"I'm having an urge"),
			h('a', {href: '#/checkin', class: 'button-link secondary'}, 'Check in'),
			h('a', {href: '#/write', class: 'button-link secondary'}, 'Write'),
			h('a', {href: '#/help', class: 'button-link secondary'}, 'Help now')));
	view.append(still);

	let timer = null;
	ctx.onLeave(() => timer && clearInterval(timer));

	const countdown = h('p', {class: 'countdown', hidden: true});
	form.append(countdown);

	function waitFor(seconds) {
		let left = Math.max(1, Math.ceil(seconds));
		button.disabled = true;
		msg.say(`Please wait ${plural(left, 'second')} before trying again. Take a breath; there is no hurry.`,
			'info');
		const show = () => {
			countdown.hidden = false;
			countdown.textContent = `The Unlock button comes back in ${plural(left, 'second')}.`;
		};
		show();
		timer = setInterval(() => {
			left -= 1;
			if (left <= 0) {
				clearInterval(timer);
				timer = null;
				countdown.hidden = true;
				button.disabled = false;
				msg.say('You can try again now.', 'info');
				return;
			}
			show();
		}, 1000);
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		if (!pass.input.value) {
			msg.say('Type your passphrase, then Unlock.', 'error');
			pass.input.focus();
			return;
		}
		button.disabled = true;
		msg.say('Opening…', 'info');
		try {
			const before = q;
			state.session = await post('/api/unlock', {passphrase: pass.input.value});
			pass.input.value = '';
			ctx.sessionChanged();
			ctx.announce(before
				? `Unlocked. ${plural(before, 'thing')} written while locked joined the rest.`
				: 'Unlocked.');
			ctx.rerender();
			const h1 = document.querySelector('main h1');
			if (h1) h1.focus();
		} catch (err) {
			pass.input.value = '';
			if (err.status === 429) {
				waitFor(err.retryAfter || 1);
			} else if (err.code === 'passphrase') {
				button.disabled = false;
				msg.say("That passphrase didn't open the vault. Take your time and try again.", 'error');
				pass.input.focus();
			} else {
				button.disabled = false;
				msg.say(err.message, 'error');
			}
		}
	});
}
