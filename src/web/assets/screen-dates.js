/*
 * screen-dates.js — hard dates (kind date: a real day, a few words, and
 * whether it comes round every year), soonest first, as `ebb dates` lists
 * them. Adding works while locked; the list needs the key.
 */
import {h, clear, messageArea, uid, capital} from './dom.js';
import {get, post, del, unlocked} from './api.js';
import {W, day, isoDay, nextOccurrence, until} from './words.js';
import {field, confirmInline, loading} from './widgets.js';

export const name = 'dates';
export const title = 'Hard dates';
export const needs = 'vault';

const CLOSE = 7; /* days: a date this close gets a gentle word */

/* A real calendar day written YYYY-MM-DD, 1900 or later (record.c's rule). */
function realDay(s) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return Number(m[1]) >= 1900 && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export async function render(view, ctx) {
	ctx.heading('Hard dates');
	view.append(h('p', {class: 'lede'}, 'Anniversaries and hard days (their birthday, the day you met, ' +
		'the day you left) can catch you off guard; noting them here lets you see them coming.'));

	const listHead = h('h2', {id: 'h-dates', tabindex: '-1'}, 'Your dates, soonest first');
	const list = h('ul', {class: 'dates-list'});
	const close = h('p', {class: 'gentle', hidden: true}, 'One of these is close. It can help to plan ' +
		'that day a little: someone to be with, something kind to do, and ',
	h('a', {href: '#/plan'}, 'your safety plan'), ' for if it gets heavy.');
	const listMsg = messageArea();
	const listSec = h('section', {class: 'card', 'aria-labelledby': 'h-dates'}, listHead, list, close, listMsg);

	const date = field('Date', {type: 'date', required: true, min: '1900-01-01'});
	const labelF = field('What is the day?', {required: true, maxlength: 200,
		hint: 'A few words: their birthday, the day we met, the day I left.'});
	const yearlyId = uid('y');
	const yearly = h('input', {type: 'checkbox', id: yearlyId, checked: true});
	const save = h('button', {type: 'submit', class: 'primary'}, 'Keep this date');
	const msg = messageArea();
	const form = h('form', {class: 'stack', novalidate: true}, date.el, labelF.el,
		h('div', {class: 'check'}, yearly, h('label', {for: yearlyId}, 'It comes round every year')),
		h('div', {class: 'actions'}, save), msg);
	const addSec = h('section', {class: 'card', 'aria-labelledby': 'h-add-date'},
		h('h2', {id: 'h-add-date'}, 'Add a date'), form);
	view.append(h('div', {class: 'columns'}, listSec, addSec));

	function item(r, occ) {
		const textId = uid('t');
		const remove = h('button', {type: 'button', class: 'link-button small', 'aria-describedby': textId}, 'Remove');
		const yearlyWords = r.body.yearly ? ' (every year)' : '';
		const li = h('li', {class: occ && occ.inDays <= CLOSE ? 'is-close' : ''},
			h('p', {id: textId}, h('strong', {}, capital(r.body.label || 'a hard date')), yearlyWords),
			h('p', {class: 'meta'}, occ ? `${day(occ.next)}, ${until(occ)}` : `${day(r.body.date)}, passed`,
				' · ', remove));
		remove.addEventListener('click', () => {
			if (li.querySelector('.confirm')) return;
			li.append(confirmInline('Remove this date for good? Its words are wiped from the vault.', 'Remove',
				async () => {
					try {
						await del(`/api/records/${r.id}`);
						li.remove();
						ctx.announce('Removed; its words are wiped from the vault.');
						listHead.focus();
						if (!list.childElementCount) list.append(h('li', {class: 'empty'}, 'No dates yet.'));
					} catch (err) {
						listMsg.say(err.message, 'error');
					}
				}, remove));
		});
		return li;
	}

	async function load() {
		clear(list);
		close.hidden = true;
		if (!unlocked()) {
			list.append(h('li', {class: 'empty'}, 'Your dates appear once the vault is unlocked. ' +
				'Adding works now: it is sealed, and joins the rest when you next unlock.'));
			return;
		}
		const wait = loading(listSec);
		try {
			const rows = await get('/api/records?kind=date&limit=500');
			wait.remove();
			if (!ctx.alive()) return;
			const today = isoDay();
			const dated = rows.map((r) => ({r, occ: nextOccurrence(r.body.date, r.body.yearly, today)}));
			dated.sort((a, b) => {
				if (Boolean(a.occ) !== Boolean(b.occ)) return a.occ ? -1 : 1;
				if (a.occ) return a.occ.inDays - b.occ.inDays;
				return String(b.r.body.date).localeCompare(String(a.r.body.date));
			});
			if (!dated.length) list.append(h('li', {class: 'empty'}, 'No dates yet.'));
			for (const d of dated) list.append(item(d.r, d.occ));
			close.hidden = !dated.some((d) => d.occ && d.occ.inDays <= CLOSE);
		} catch (err) {
			wait.remove();
			if (err.status !== 423) listMsg.say(err.message, 'error');
		}
	}

	form.addEventListener('submit', async (e) => {
		e.preventDefault();
		const d = date.input.value;
		const text = labelF.input.value.trim();
		if (!realDay(d)) {
			msg.say('Which day? Choose a date, please.', 'error');
			date.input.focus();
			return;
		}
		if (!text) {
			msg.say('The date needs a few words to say what it is, so nothing was written.', 'error');
			labelF.input.focus();
			return;
		}
		save.disabled = true;
		try {
			const r = await post('/api/records', {kind: 'date', body: {date: d, label: text, yearly: yearly.checked}});
			const occ = nextOccurrence(d, yearly.checked);
			let said = `Kept: ${text}, ${day(d)}${yearly.checked ? ', every year' : ''}`;
			said += occ ? ` (${until(occ)}).` : '. That day has passed; "every year" marks a date that comes round every year.';
			msg.say(said, 'ok', r.queued ? h('p', {}, W.queued) : null);
			date.input.value = '';
			labelF.input.value = '';
			if (!r.queued) await load();
		} catch (err) {
			msg.say(`${err.message} Nothing was written.`, 'error');
		} finally {
			save.disabled = false;
		}
	});

	await load();
}
