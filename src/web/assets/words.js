/*
 * words.js — sentences the page shares with the command line, and the
 * ways it writes dates. Wording is warm and plain; the sentences about
 * numbers (waves, insights) come from the API as they are.
 */

export const W = {
	queued: 'Sealed while locked; it joins the rest when you next unlock.',
	lockedWrites: 'While the vault is locked you can still check in, note an urge and write. ' +
		'What you write is sealed, kept, and folded in when you next unlock.',
	notTherapy: 'ebb is not therapy and cannot call anyone for you; a person can help right now.',
	danger: 'If you are in danger or thinking about ending your life, please reach out to someone now.',
	heaviest: "That is as heavy as the scale goes. You don't have to carry it alone.",
	heavy: 'It sounds like a heavy day. If it gets too much, someone can help right now.',
	feeling: 'A feeling is not an instruction: it can be here, strong, and still pass without ' +
		'you doing what it asks.',
	neverSends: 'ebb never sends anything to anyone.',
	letterStays: 'This letter stays here. ebb never sends anything to anyone.',
	forgotten: 'Choose a passphrase for your vault. Everything you write is encrypted with it. ' +
		'If it is forgotten, nobody can open the vault, not even ebb: keep it somewhere safe. ' +
		'A few unrelated words make a strong one.',
	both: 'Missing what you had does not undo why you left. Both can be true at once.',
	demo: "This is a demo vault: a made-up history, not anyone's real story.",
	hardDays: 'Hard days are allowed to be hard.',
};

/* Urge outcomes, as `ebb urge` says them; none of them judges. */
export function urgeWords(did) {
	if (!did) return 'Noted. Naming an urge is already a pause between the feeling and what you do.';
	if (did === 'reached-out')
		return 'Noted. Reaching out happens, and writing it down honestly is part of this too. ' +
			'Be gentle with yourself.';
	return 'Noted. You felt it and let it pass; that took something.';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const pad = (n) => String(n).padStart(2, '0');

/* "2026-11-27" of a Date, in local time. */
export function isoDay(d = new Date()) {
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/* "Thu 26 Nov 2026, 22:37" for a record's "at" (shown in local time). */
export function when(at, {time = true, year = true} = {}) {
	const d = new Date(at);
	if (Number.isNaN(d.getTime())) return at;
	let s = `${DAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]}`;
	if (year) s += ` ${d.getFullYear()}`;
	if (time) s += `, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
	return s;
}

/* "27 Nov 2026" for a "YYYY-MM-DD" day. */
export function day(ymd, {year = true} = {}) {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd || '');
	if (!m) return ymd || '';
	const s = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]}`;
	return year ? `${s} ${m[1]}` : s;
}

/* A <time> element's datetime value for a record's "at". */
export function machineTime(at) {
	const d = new Date(at);
	return Number.isNaN(d.getTime()) ? at : d.toISOString();
}

/* "today", "yesterday", "3 days ago"; ahead: "tomorrow", "in 3 days". */
export function daysAgo(days) {
	if (days === 0) return 'today';
	if (days === 1) return 'yesterday';
	if (days > 1) return `${days} days ago`;
	if (days === -1) return 'tomorrow';
	return `in ${-days} days`;
}

/* n and a noun, plural when n is not 1: plural(3, 'urge') → "3 urges". */
export function plural(n, one, many = `${one}s`) {
	return `${n} ${n === 1 ? one : many}`;
}

/* ---- hard dates: the rule of ebb_date_next (src/core/dates.h) ---------- */

function dayNumber(y, m, d) {
	return Math.round(Date.UTC(y, m - 1, d) / 86400000);
}

function leap(y) {
	return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/*
 * The next time a hard date comes round on or after today ("YYYY-MM-DD"),
 * as {next: "YYYY-MM-DD", inDays}, or null when it has passed (not
 * yearly). February 29 falls on February 28 in years without one.
 */
export function nextOccurrence(date, yearly, today = isoDay()) {
	const a = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date || '');
	const b = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today);
	if (!a || !b) return null;
	const [y, m, d] = [Number(a[1]), Number(a[2]), Number(a[3])];
	const t = dayNumber(Number(b[1]), Number(b[2]), Number(b[3]));
	const own = dayNumber(y, m, d);
	if (own >= t) return {next: date, inDays: own - t};
	if (!yearly) return null;
	for (let year = Math.max(y, Number(b[1]) - 1); year <= Number(b[1]) + 1; year++) {
		const dd = m === 2 && d === 29 && !leap(year) ? 28 : d;
		const n = dayNumber(year, m, dd);
		if (n >= t && n >= own) {
			return {next: `${year}-${pad(m)}-${pad(dd)}`, inDays: n - t};
		}
	}
	return null;
}

/* "today", "tomorrow", "in 12 days" or "passed", as `ebb dates` says it. */
export function until(occ) {
	if (!occ) return 'passed';
	if (occ.inDays === 0) return 'today';
	if (occ.inDays === 1) return 'tomorrow';
	return `in ${occ.inDays} days`;
}
