/*
 * screen-entries.js — reading what you wrote: entries newest first, paged
 * with before=; searching everything (GET /api/search?q=); editing an
 * entry (PUT, the earlier version is kept) and deleting one for good,
 * after asking.
 */
import {h, clear, messageArea, paragraphs, uid, append} from './dom.js';
import {get, put, del, vocab, label, query, state} from './api.js';
import {when, machineTime} from './words.js';
import {field, confirmInline, loading, problem} from './widgets.js';
import {lessonsBody} from './screen-write.js';

export const name = 'entries';
export const title = 'Your entries';
export const needs = 'unlock';

const PAGE = 20;

const KIND_WORDS = {
	checkin: 'a check-in', entry: 'an entry', urge: 'an urge', signs: 'the four signs',
	reason: 'a reason you left', miss: 'something you miss', contact: 'a contact',
	date: 'a hard date', plan: 'your safety plan', profile: 'your profile',
};

/* The words a person sees as the entry's name: its title, else its first
 * words (for the three questions, those of the first answer). */
function entryName(r) {
	if (r.body.title) return r.body.title;
	const answers = Object.values(r.body.answers || {}).filter((a) => String(a).trim());
	const words = String(answers[0] || r.body.text || '').trim().split(/\s+/);
	const first = words.slice(0, 6).join(' ');
	if (!first) return 'Untitled';
	return words.length > 6 ? `${first}…` : first;
}

/* A search hit's context, the matched words marked: the server's
 * {before, text, after, cut_before, cut_after}, or a plain snippet. */
function hitContext(match, q) {
	if (!match) return [];
	if (typeof match.text === 'string') {
		return [match.cut_before ? '…' : '', match.before || '', h('mark', {}, match.text),
			match.after || '', match.cut_after ? '…' : ''];
	}
	return match.snippet ? marked(match.snippet, q) : [];
}

/* An entry as an article: its name, when, kind, prompt, words; Edit, Delete. */
function entryArticle(r, ctx, onGone) {
	const headId = uid('e');
	const art = h('article', {class: 'entry card', 'aria-labelledby': headId, 'data-id': r.id});

	function view() {
		clear(art);
		const b = r.body;
		const head = h('h2', {id: headId, tabindex: '-1'}, entryName(r));
		const meta = h('p', {class: 'meta'}, h('time', {datetime: machineTime(r.at)}, when(r.at)),
			b.prompt ? ` · ${label('prompt_kinds', b.prompt)}` : '',
			r.rev > 1 ? ' · changed' : '');
		art.append(head, meta);
		if (b.question) art.append(h('blockquote', {class: 'question'}, h('p', {}, b.question)));
		if (b.prompt === 'lessons' && b.answers && Object.keys(b.answers).length) {
			const dl = h('dl', {class: 'answers'});
			for (const q of (state.vocab || {}).lessons || []) {
				if (b.answers[q.key]) append(dl, h('dt', {}, q.label), h('dd', {}, paragraphs(b.answers[q.key])));
			}
			art.append(dl);
		} else {
			art.append(paragraphs(b.text));
		}
		if (b.tags && b.tags.length) art.append(h('p', {class: 'meta'}, `Tags: ${b.tags.join(', ')}`));
		const edit = h('button', {type: 'button', class: 'secondary small', 'aria-describedby': headId}, 'Edit');
		const remove = h('button', {type: 'button', class: 'secondary small', 'aria-describedby': headId}, 'Delete');
		const actions = h('div', {class: 'actions'}, edit, remove);
		art.append(actions);
		edit.addEventListener('click', () => editing());
		remove.addEventListener('click', () => {
			if (art.querySelector('.confirm')) return;
			actions.after(confirmInline(
				'Delete this entry for good? Its words are wiped from every version, and it cannot be brought back.',
				'Delete for good', async () => {
					try {
						await del(`/api/records/${r.id}`);
						ctx.announce('Deleted. Its words are wiped from the vault.');
						onGone(art);
					} catch (err) {
						ctx.announce(err.message);
					}
				}, remove));
		});
	}

	function editing() {
		clear(art);
		const b = r.body;
		const vocabLessons = ((state.vocab || {}).lessons || []);
		const lessons = b.prompt === 'lessons' && b.answers && vocabLessons.length;
		const t = field('Title', {optional: true, value: b.title || ''});
		const text = field('Your words', {multiline: true, rows: 12, value: b.text || ''});
		const qs = lessons ? vocabLessons.map((q) => ({key: q.key,
			f: field(q.label, {multiline: true, rows: 5, value: b.answers[q.key] || ''})})) : [];
		const msg = messageArea();
		const saveB = h('button', {type: 'submit', class: 'primary'}, 'Save changes');
		const cancel = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
		const head = h('h2', {id: headId, tabindex: '-1'}, `Editing: ${entryName(r)}`);
		const form = h('form', {class: 'stack', novalidate: true}, t.el,
			lessons ? qs.map((x) => x.f.el) : text.el,
			h('p', {class: 'hint'}, 'The earlier version is kept in the vault.'),
			h('div', {class: 'actions'}, saveB, cancel), msg);
		art.append(head, form);
		head.focus();
		cancel.addEventListener('click', () => {
			view();
			art.querySelector('h2').focus();
		});
		form.addEventListener('submit', async (e) => {
			e.preventDefault();
			const body = {...b};
			if (lessons) {
				const answers = {};
				for (const x of qs) answers[x.key] = x.f.input.value;
				Object.assign(body, lessonsBody(vocabLessons, answers));
				if (!Object.keys(body.answers).length) delete body.answers;
			} else {
				body.text = text.input.value.trim();
			}
			if (!body.text) {
				msg.say('An entry needs some words. To remove it, use Delete instead.', 'error');
				return;
			}
			if (t.input.value.trim()) body.title = t.input.value.trim();
			else delete body.title;
			saveB.disabled = true;
			try {
				const res = await put(`/api/records/${r.id}`, {body});
				r.body = body;
				r.rev = res.rev || r.rev + 1;
				view();
				art.querySelector('h2').focus();
				ctx.announce('Changed. The earlier version is kept in the vault.');
			} catch (err) {
				msg.say(err.message, 'error');
				saveB.disabled = false;
			}
		});
	}

	view();
	return art;
}

/* A search hit's snippet with the words searched for marked. */
function marked(snippet, q) {
	const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
	const terms = (q.match(/"[^"]+"|\S+/g) || []).map((t) => fold(t.replace(/"/g, ''))).filter(Boolean);
	const chars = [...snippet];
	const folded = chars.map((c) => fold(c));
	const flat = folded.join('');
	/* map from folded offset back to the character index */
	const back = [];
	folded.forEach((f, i) => {
		for (let k = 0; k < f.length; k++) back.push(i);
	});
	const on = new Array(chars.length).fill(false);
	for (const t of terms) {
		let at = flat.indexOf(t);
		while (at >= 0 && t) {
			for (let k = at; k < at + t.length; k++) on[back[k]] = true;
			at = flat.indexOf(t, at + t.length);
		}
	}
	const out = [];
	let i = 0;
	while (i < chars.length) {
		let j = i;
		while (j < chars.length && on[j] === on[i]) j++;
		const piece = chars.slice(i, j).join('');
		out.push(on[i] ? h('mark', {}, piece) : piece);
		i = j;
	}
	return out;
}

export async function render(view, ctx) {
	ctx.heading('Your entries');
	await vocab().catch(() => null);
	if (!ctx.alive()) return;

	/* search */
	const q = field('Search everything you have written', {type: 'search',
		hint: 'Every word you give must be there; capitals and accents do not matter.'});
	const searchB = h('button', {type: 'submit', class: 'secondary'}, 'Search');
	const searchForm = h('form', {role: 'search', class: 'search-form', novalidate: true}, q.el,
		h('div', {class: 'actions'}, searchB));
	const results = h('section', {class: 'results', 'aria-labelledby': 'h-results', hidden: true});
	const listHead = h('h2', {id: 'h-list', tabindex: '-1'}, 'Entries, newest first');
	const list = h('div', {class: 'entry-list'});
	const more = h('button', {type: 'button', class: 'secondary', hidden: true}, 'Show older entries');
	const listMsg = messageArea();
	const listSec = h('section', {'aria-labelledby': 'h-list'}, listHead, list, listMsg, more);
	view.append(h('p', {class: 'lede'}, 'What you wrote, kept only in your vault. ',
		h('a', {href: '#/write'}, 'Write something new'), '.'), searchForm, results, listSec);

	let last = null;

	function gone(art) {
		const next = art.nextElementSibling || art.previousElementSibling;
		art.remove();
		/* the next page starts after the last entry shown: keep that one alive */
		const lastArt = list.querySelector('article:last-of-type');
		if (lastArt) last = lastArt.dataset.id;
		if (next && next.querySelector('h2')) next.querySelector('h2').focus();
		else listHead.focus();
		if (!list.childElementCount) list.append(h('p', {}, 'No entries left.'));
	}

	async function page() {
		more.hidden = true;
		const wait = loading(list);
		try {
			const rows = await get(`/api/records${query({kind: 'entry', limit: PAGE, before: last})}`);
			wait.remove();
			if (!ctx.alive()) return null;
			if (!rows.length && !last) {
				list.append(h('p', {}, 'Nothing written yet. ', h('a', {href: '#/write'}, 'Write'),
					' whenever you like: freely, or from a prompt.'));
			}
			const arts = rows.map((r) => entryArticle(r, ctx, gone));
			list.append(...arts);
			if (rows.length) last = rows[rows.length - 1].id;
			more.hidden = rows.length < PAGE;
			return arts[0] || null;
		} catch (err) {
			wait.remove();
			if (err.status !== 423) listMsg.say(err.message, 'error');
			return null;
		}
	}

	more.addEventListener('click', async () => {
		const first = await page();
		if (first) first.querySelector('h2').focus();
		else listHead.focus();
	});

	searchForm.addEventListener('submit', async (e) => {
		e.preventDefault();
		const text = q.input.value.trim();
		clear(results);
		if (!text) {
			results.hidden = true;
			listSec.hidden = false;
			return;
		}
		results.hidden = false;
		const head = h('h2', {id: 'h-results', tabindex: '-1'}, 'Searching…');
		results.append(head);
		searchB.disabled = true;
		try {
			const hits = await get(`/api/search${query({q: text})}`);
			if (!ctx.alive()) return;
			head.textContent = hits.length
				? `Found ${hits.length} ${hits.length === 1 ? 'record' : 'records'}`
				: 'Nothing matches.';
			const ul = h('ul', {class: 'hits'});
			for (const r of hits) {
				const li = h('li', {class: 'hit card'},
					h('p', {class: 'meta'}, h('time', {datetime: machineTime(r.at)}, when(r.at)),
						` · ${KIND_WORDS[r.kind] || r.kind}`),
					r.kind === 'entry' && r.body.title ? h('p', {class: 'hit-title'}, r.body.title) : null,
					h('p', {class: 'snippet'}, hitContext(r.match, text)));
				if (r.kind === 'entry') {
					const open = h('button', {type: 'button', class: 'secondary small'}, 'Read, edit or delete');
					open.addEventListener('click', () => {
						const art = entryArticle(r, ctx, (a) => {
							a.remove();
							li.remove();
							head.focus();
						});
						li.replaceWith(art);
						art.querySelector('h2').focus();
					});
					li.append(open);
				}
				ul.append(li);
			}
			results.append(ul, h('button', {type: 'button', class: 'secondary', onclick: () => {
				q.input.value = '';
				clear(results);
				results.hidden = true;
				listHead.focus();
			}}, 'Clear the search'));
			head.focus();
		} catch (err) {
			head.textContent = 'The search did not work';
			results.append(problem(err));
		} finally {
			searchB.disabled = false;
		}
	});

	await page();
}
