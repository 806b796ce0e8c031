/*
 * strength.js — a small passphrase strength estimate, written for ebb.
 *
 * It guesses how many tries an attacker would need, in bits: the length
 * times the size of the alphabet used, or, for a passphrase of several
 * words, about eleven bits a word; then takes off for what guessers try
 * first: well-known passwords and words, runs (abc, 123, qwerty),
 * repeats, years and dates. It is an estimate to guide, not a promise.
 */

/* Words and passwords guessers try first (also found inside longer ones). */
const COMMON = [
	'password', 'passwort', 'motdepasse', 'contrasena', 'letmein', 'welcome', 'iloveyou',
	'loveyou', 'love', 'lover', 'qwerty', 'azerty', 'qwertz', 'asdf', 'zxcv', 'admin', 'login',
	'monkey', 'dragon', 'sunshine', 'princess', 'football', 'baseball', 'soccer', 'master',
	'shadow', 'secret', 'freedom', 'whatever', 'trustno1', 'superman', 'batman', 'starwars',
	'hello', 'angel', 'baby', 'honey', 'sweet', 'forever', 'summer', 'winter', 'spring',
	'autumn', 'flower', 'heart', 'happy', 'sorry', 'goodbye', 'family', 'friend', 'michael',
	'jennifer', 'jessica', 'charlie', 'daniel', 'thomas', 'ebb', 'vault', 'passphrase',
	'changeme', 'default', 'abc', 'test', 'user', 'guest', 'pass', 'god', 'jesus',
];

/* Keyboard rows and the alphabet, for runs in either direction. */
const RUNS = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiop', 'asdfghjkl',
	'zxcvbnm', 'azertyuiop', 'qwertzuiop'];

const LEET = {'@': 'a', 4: 'a', 8: 'b', 3: 'e', 1: 'i', '!': 'i', 0: 'o', $: 's', 5: 's',
	7: 't', 2: 'z'};

function alphabet(s) {
	let n = 0;
	if (/[a-z]/.test(s)) n += 26;
	if (/[A-Z]/.test(s)) n += 26;
	if (/[0-9]/.test(s)) n += 10;
	if (/[ ]/.test(s)) n += 1;
	if (/[!-/:-@[-`{-~]/.test(s)) n += 32;
	if (/[^\x00-\x7f]/.test(s)) n += 64;
	return Math.max(n, 1);
}

/* Marks characters in repeats of 3 or more (aaa, ababab). */
function markRepeats(s, weak) {
	const re = /(.+?)\1{2,}/g;
	let m;
	while ((m = re.exec(s)) !== null) {
		for (let k = m.index + m[1].length; k < m.index + m[0].length; k++) weak[k] = true;
	}
}

/* Marks characters covered by common words, after undoing 4→a, 3→e, 0→o. */
function markCommon(plain, weak) {
	for (const w of COMMON) {
		let at = plain.indexOf(w);
		while (at >= 0) {
			for (let k = at; k < at + w.length; k++) weak[k] = true;
			at = plain.indexOf(w, at + 1);
		}
	}
}

/* Marks runs of 3 or more (abc, 4321, qwer). */
function markRuns(low, weak) {
	let i = 0;
	while (i < low.length) {
		let best = 1;
		for (const row of RUNS) {
			for (const dir of [row, [...row].reverse().join('')]) {
				const at = dir.indexOf(low[i]);
				if (at < 0) continue;
				let len = 1;
				while (i + len < low.length && dir[at + len] === low[i + len]) len++;
				best = Math.max(best, len);
			}
		}
		if (best >= 3) for (let k = i; k < i + best; k++) weak[k] = true;
		i += best >= 3 ? best : 1;
	}
}

/*
 * Bits for a password without spaces: each character costs log2 of the
 * alphabet, but characters of common words, runs and repeats cost 1.5,
 * and a run of letters that reads like a word (vowels in it) about as
 * much as picking one word from a large dictionary.
 */
function charBits(s) {
	const chars = [...s];
	const per = Math.log2(alphabet(s));
	const low = chars.map((c) => c.toLowerCase());
	const plain = low.map((c) => LEET[c] || c);
	const weak = new Array(chars.length).fill(false);
	markRepeats(chars.join(''), weak);
	markCommon(plain.join(''), weak);
	markRuns(low.join(''), weak);
	let bits = 0;
	let i = 0;
	while (i < chars.length) {
		if (weak[i]) {
			bits += 1.5;
			i += 1;
			continue;
		}
		let j = i;
		while (j < chars.length && !weak[j] && /\p{L}/u.test(plain[j])) j++;
		const run = plain.slice(i, j).join('');
		const vowels = (run.match(/[aeiouy]/g) || []).length;
		if (run.length >= 4 && vowels / run.length >= 0.2 && vowels / run.length <= 0.7) {
			bits += Math.min(run.length * per, 14 + run.length * 0.5);
			i = j;
		} else {
			bits += per;
			i += 1;
		}
	}
	return bits;
}

/*
 * The estimate for pass: {score 0..4, bits, label, advice}. score 0 is
 * "too easy to guess", 4 "very strong".
 */
export function estimate(pass) {
	const s = String(pass || '');
	if (!s) return {score: 0, bits: 0, label: '', advice: ''};
	const len = [...s].length;
	const words = s.split(/[\s\-_.,;:+]+/).filter((w) => /\p{L}{3,}/u.test(w));
	let bits;
	if (words.length >= 3) {
		const seen = new Set();
		bits = Math.max(0, len - words.join('').length) * 0.5;
		for (const w of words) {
			const low = w.toLowerCase();
			if (!seen.has(low)) bits += COMMON.includes(low) ? 4 : Math.min(12.5, charBits(w));
			seen.add(low);
		}
	} else {
		bits = charBits(s);
	}
	if (/(19|20)\d\d/.test(s)) bits -= 6;
	if (/\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/.test(s)) bits -= 8;
	if (COMMON.includes(s.toLowerCase())) bits = Math.min(bits, 8);
	if (/^\d+$/.test(s)) bits = Math.min(bits, len * 3.3);
	bits = Math.max(0, Math.round(bits));

	let score = 0;
	if (bits >= 60) score = 4;
	else if (bits >= 45) score = 3;
	else if (bits >= 35) score = 2;
	else if (bits >= 25) score = 1;
	if (len < 8) score = 0;

	const labels = ['too easy to guess', 'weak', 'fair', 'strong', 'very strong'];
	let advice;
	if (len < 8) advice = 'It needs at least 8 characters.';
	else if (score <= 1) advice = 'Well-known words, names, dates and runs like 1234 are guessed first. ' +
		'A few unrelated words make a strong one.';
	else if (score === 2) advice = 'Another unrelated word or two would make it much stronger.';
	else advice = 'Keep it somewhere safe: nobody can open the vault without it.';
	return {score, bits, label: labels[score], advice};
}
