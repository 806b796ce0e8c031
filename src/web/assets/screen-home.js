/*
 * screen-home.js — Today: `ebb today` in two halves, letting go and
 * healing, with the urge button always at hand.
 *
 * ebb serve draws this screen (src/web/home.c): into the page itself, so
 * the first frame needs no script, and as GET /api/home when the screen
 * is shown again. Here it is put in place and its buttons and forms made
 * to work (the elements marked data-home).
 */
import {speaking} from './dom.js';
import {get, getHTML, post, put, state} from './api.js';
import {W} from './words.js';
import {ask, loading} from './widgets.js';

export const name = 'home';
export const title = 'Today';
export const needs = 'unlock';

/* GET /api/home's HTML as nodes: parsed inert in a template. ebb serve
 * escaped everything from the vault in it. */
function fromServer(html) {
	const t = document.createElement('template');
	t.innerHTML = html;
	return t.content;
}

export async function render(view, ctx) {
	const h1 = ctx.heading('Today');
	view.setAttribute('aria-busy', 'true');
	const html = await ask(view, ctx, () => getHTML('/api/home'), loading(view));
	view.removeAttribute('aria-busy');
	if (!html) return;
	const hadFocus = document.activeElement === h1;
	view.replaceChildren(fromServer(html));
	view.removeAttribute('aria-busy');
	adopt(view, ctx);
	const drawn = view.querySelector('h1');
	if (hadFocus && drawn) drawn.focus({preventScroll: true});
}

/* Makes the home screen in view work: the urge button, the two forms and
 * today's prompt (screen-write.js starts from it). */
export function adopt(view, ctx) {
	const urge = view.querySelector('[data-home="urge"]');
	if (urge) urge.addEventListener('click', () => ctx.go('/urge'));
	const prompt = view.querySelector('[data-prompt-id]');
	if (prompt) {
		state.todayPrompt = {id: prompt.dataset.promptId, kind: prompt.dataset.promptKind,
			text: prompt.querySelector('blockquote').textContent};
	}
	const contact = view.querySelector('form[data-home="contact"]');
	if (contact) contactForm(contact, ctx);
	const leftOn = view.querySelector('form[data-home="left-on"]');
	if (leftOn) leftOnForm(leftOn, ctx);
}

/* Noting a contact that happened (kind contact). */
function contactForm(form, ctx) {
	const msg = speaking(form.querySelector('.msg'));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const body = {};
		const by = form.querySelector('input[type="radio"]:checked');
		const note = form.querySelector('textarea').value.trim();
		if (by) body.by = by.value;
		if (note) body.note = note;
		try {
			const r = await post('/api/records', {kind: 'contact', body});
			ctx.announce(r.queued ? `Contact noted. ${W.queued}` : 'Contact noted.');
			ctx.rerender();
		} catch (err) {
			msg.say(err.message, 'error');
		}
	});
}

/* The day you left, when it is not set yet: POST a profile (or PUT the
 * one there is, keeping its other words). */
function leftOnForm(form, ctx) {
	const input = form.querySelector('input[type="date"]');
	const msg = speaking(form.querySelector('.msg'));
	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		if (!/^\d{4}-\d{2}-\d{2}$/.test(input.value)) {
			msg.say('Choose the day, please.', 'error');
			input.focus();
			return;
		}
		try {
			const [profile] = await get('/api/records?kind=profile&limit=1');
			if (profile) {
				await put(`/api/records/${profile.id}`, {body: {...profile.body, left_on: input.value}});
			} else {
				await post('/api/records', {kind: 'profile', body: {left_on: input.value}});
			}
			ctx.announce('Kept.');
			ctx.rerender();
		} catch (err) {
			msg.say(err.message, 'error');
		}
	});
}
