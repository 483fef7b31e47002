/* kb search: suggestions as you type and the results page, from the search
   server when one answers, else from the static index under /_kb/search/<lang>/
   (format: search/static/static.go). The core needs no DOM, so the Go tests
   run it under node through module.exports. */
(g => {
'use strict';
// A word is a run of letters, digits and marks, with the format characters
// among them but the zero-width non-joiner, which normalize drops, and the
// geresh, gershayim, ' and " between Hebrew letters (צ'יפס, דו"ח), as the
// server's word segmenter keeps them (static.go's tokenize, isFormat and
// inHebrewWord).
const HEBREW_QUOTE = '(?<=[\\u05d0-\\u05ea][\\p{M}\\u05f3\\u05f4\'"]*)[\\u05f3\\u05f4\'"](?=[\\p{M}\\u05f3\\u05f4\'"]*[\\u05d0-\\u05ea])';
const WORD = new RegExp('[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}]|(?!\\u200c)\\p{Cf}|' + HEBREW_QUOTE + ')*', 'gu');
// COMPOUND is WORD for the languages that write compound words with a
// zero-width non-joiner (meta.zw): a query word keeps it, and is then read
// joined and in parts (static.go's tokenizeWords).
const COMPOUND = new RegExp('[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}]|\\p{Cf}|' + HEBREW_QUOTE + ')*', 'gu');
// The combining marks search.Normalize drops (accents, tonos, Hebrew points,
// tashkeel, hamza and madda above and below): only these, as other scripts'
// marks are vowels.
const MARKS = /[\u0300-\u036f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u064b-\u0655\u0670\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const PREFIX = 0.75, FUZZY = 0.5; // score factors of a completion and a correction, as the server's boosts
const FALLBACK = 0.8; // score factor of a page shown from another language (search/index.go's fallbackFactor)
const TITLE = 2; // score factor of a page whose title has every required word (search/query.go's titleCover)
const SYNONYM = 0.6, EXTRA = 0.25; // score factors of a match through a synonym (search/query.go's synonymBoost) and of a unit's matches past its best
const SOUND = 0.8; // score factor of a Greek word a word typed in Latin letters may spell (search/greeklish.go's soundBoost)
// EXACT divides, in a query for a word as typed (meta.pr), the weights of
// the pages that have it only after the one-letter words joined to the
// front of longer words, which are negative, so that the pages that have it
// as written rank above them (chunks.go's asTyped; the server's exactBoost).
const EXACT = 1.5;
const MAXCHUNKS = 4; // posting chunks one completed or corrected word, or a query's synonyms, may fetch

// normalize is search.Normalize (search/normalize.go), step for step: format
// characters but the zero-width non-joiner go, fullwidth ASCII and halfwidth
// katakana become the ordinary forms; Arabic-Indic and Persian digits become 0-9;
// the Hebrew geresh and gershayim go, and the ' and " typed for them after a
// Hebrew letter.
const normalize = s => s.replace(/(?!\u200c)\p{Cf}/gu, '').replace(/[\uff01-\uff9f]/g, c => c.normalize('NFKC'))
  .toLowerCase().normalize('NFD').replace(MARKS, '')
  .replace(/[ςٱةىیکـ]/g, c => 'σاهييك'['ςٱةىیک'.indexOf(c)] || '').replace(/[٠-٩۰-۹]/g, c => c.charCodeAt(0) & 15)
  .replace(/[\u05f3\u05f4]/g, '').replace(/([\u05d0-\u05ea])['"]+/g, '$1').normalize('NFC');
// LATIN is a normalized word that may be Greek typed in Latin letters:
// a-z, 3 and 8, with a letter (greeklish.js's greeklishKeys gives it keys).
const LATIN = /^[a-z38]*[a-z][a-z38]*$/;
// The scripts whose runs both indexes cut into pairs of characters
// (static.go's pairedScripts): Han, kana, Hangul and those written without
// spaces between words. A query word sits inside a longer run, so each pair
// is a word of its own, and a lone character too. SPACELESS are those whose
// pairs are pieces of words rather than words, and are marked only in runs.
const SPACELESS = '\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}\\p{sc=Tai_Le}\\p{sc=New_Tai_Lue}\\p{sc=Tai_Tham}\\p{sc=Tai_Viet}';
const PAIRED_SCRIPT = new RegExp('[\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}' + SPACELESS + 'ーｰ]', 'u');
const LETTER_OR_MARK = /[\p{L}\p{M}]/u, SPACELESS_SCRIPT = new RegExp('[' + SPACELESS + ']', 'u');
const paired = c => c === 'ー' || c === 'ｰ' || (PAIRED_SCRIPT.test(c) && LETTER_OR_MARK.test(c));
const isPair = w => { const cs = [...w]; return cs.length === 2 && cs.every(paired); };
// words gives [start, end, word] for each word of s as static.go's tokenize
// cuts it: runs of letters, digits and marks, with the paired letters of a
// run cut into their pairs.
const words = s => {
  const out = [];
  for (const m of s.matchAll(WORD)) {
    const w = m[0], at = m.index;
    if (!PAIRED_SCRIPT.test(w)) { out.push([at, at + w.length, w]); continue; }
    const cs = [...w], pos = [0];
    for (const c of cs) pos.push(pos[pos.length - 1] + c.length);
    for (let i = 0, j; i < cs.length; i = j) {
      const p = paired(cs[i]);
      for (j = i + 1; j < cs.length && paired(cs[j]) === p; j++);
      if (!p || j - i === 1) out.push([at + pos[i], at + pos[j], w.slice(pos[i], pos[j])]);
      else for (let k = i; k + 1 < j; k++) out.push([at + pos[k], at + pos[k + 2], cs[k] + cs[k + 1]]);
    }
  }
  return out;
};
const esc = s => String(s).replace(/[&<>"']/g, c => '&#' + c.charCodeAt(0) + ';');
// entry reads a vocabulary shard without stumbling on "constructor" and friends.
const entry = (v, w) => v && Object.hasOwn(v, w) ? v[w] : undefined;
const hex = s => Array.from(new TextEncoder().encode(s), b => b.toString(16).padStart(2, '0')).join('');
// postingLists reads a postings chunk (static.go's encodeChunk): for each
// term, a count n, n doc deltas and n weights, all LEB128 varints, the
// weights zigzag-signed. It gives each term's postings as [docDelta,
// weight, …], or undefined when the bytes end inside a term.
const postingLists = b => {
  let at = 0;
  const next = () => {
    let v = 0;
    for (let m = 1; at < b.length; m *= 128) {
      const c = b[at++];
      v += (c & 127) * m;
      if (c < 128) return v;
    }
    return NaN;
  };
  const out = [];
  while (at < b.length) {
    const n = next(), list = new Array(2 * n);
    for (let i = 0; i < 2 * n; i += 2) list[i] = next();
    for (let i = 1; i < 2 * n; i += 2) { const z = next(); list[i] = z % 2 ? -(z + 1) / 2 : z / 2; }
    if (!(n >= 0) || list.some(Number.isNaN)) return;
    out.push(list);
  }
  return out;
};
// sums undoes static.go's differences: each number plus all before it.
const sums = ds => { let at = 0; return ds.map(d => (at += d)); };

// highlight escapes text and wraps the words that match(normalized word) in
// <mark>, overlapping pairs in one mark. A lone pair of a spaceless script
// is a piece of some word, and is marked only when it is the query's one
// pair (match.pairs). A word written with a zero-width non-joiner is
// looked at in its parts, then joined (a run of paired letters only in its
// pairs): marked whole when the query has it joined, as the server marks
// a Persian compound (wholeCompounds).
function highlight(text, match) {
  text = text || '';
  const marks = [];
  for (const c of text.matchAll(COMPOUND)) for (let [s, e, w] of [...words(c[0]), [0, c[0].length, PAIRED_SCRIPT.test(c[0]) ? '' : c[0].split('\u200c').join('')]]) {
    if (!match(normalize(w))) continue;
    s += c.index;
    e += c.index;
    const m = marks[marks.length - 1];
    if (m && s < m[1]) { m[1] = e; m[2] = false; } else marks.push([s, e, isPair(w) && SPACELESS_SCRIPT.test(w)]);
  }
  let out = '', at = 0;
  for (const [s, e, lone] of marks) {
    if (lone && match.pairs > 1) continue;
    out += esc(text.slice(at, s)) + '<mark>' + esc(text.slice(s, e)) + '</mark>';
    at = e;
  }
  return out + esc(text.slice(at));
}

// distance is the Levenshtein distance of two code point arrays, or max+1 once past max.
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let low = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      low = Math.min(low, cur[j]);
    }
    if (low > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

// swapped tells whether b is a with two adjacent letters swapped: one typo
// on the server, as phone typists make it.
function swapped(a, b) {
  const d = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) d.push(i);
  return a.length === b.length && d.length === 2 && d[1] === d[0] + 1 && a[d[0]] === b[d[1]] && a[d[1]] === b[d[0]];
}

// open returns a searcher over the static index at base (".../_kb/search/ar/").
// Files are fetched once and kept; a failed fetch is retried next time.
// greeklish, when given, loads greeklish.js's functions (a promise of
// {greeklishKeys, greekKey}) for a query in Latin letters on a Greek index.
function open(base, get = (u, o) => fetch(u, o), greeklish) {
  // synShards holds what each vocabulary shard says of the thesaurus (its
  // "" entry; see shardSynonyms in static.go): t, the first term ids of
  // its words that are keys in s.json.gz (written as differences), and w,
  // the thesaurus's words no page has, with their keys.
  const files = new Map(), vocab = new Map(), synShards = new Map();
  // dfs holds what the vocabulary says of a term's document count: [n,
  // true] when a word is that one term (exactly n), [n, false] when it is
  // one of a word's terms (at most n: a word's df is its terms' largest).
  const dfs = new Map();
  // starts are the posting chunks' first term ids (meta.pc holds each
  // one's difference from the last).
  // greek is greeklish.js's functions, once a query has loaded them.
  let meta, keys, heads, starts, greek;
  async function load(p, fresh) {
    const r = await get(base + p + (fresh ? '' : '?v=' + meta.id), fresh ? { cache: 'no-cache' } : {});
    if (!r.ok) throw new Error(r.status + ' ' + p);
    let body = new Uint8Array(await r.arrayBuffer());
    if (body[0] === 0x1f && body[1] === 0x8b) { // not already decoded by the host
      body = await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
    }
    return p.endsWith('.bin.gz') ? postingLists(new Uint8Array(body)) : JSON.parse(new TextDecoder().decode(body));
  }
  function file(p, fresh) {
    if (!files.has(p)) files.set(p, load(p, fresh).catch(e => { files.delete(p); throw e; }));
    return files.get(p);
  }
  // A meta.json.gz fetched again may be another build's: what was kept of
  // the last is let go.
  const ready = () => file('meta.json.gz', true).then(m => {
    if (meta !== m) {
      if (meta) { vocab.clear(); synShards.clear(); dfs.clear(); for (const p of files.keys()) if (p !== 'meta.json.gz') files.delete(p); }
      meta = m; keys = new Set(m.vs); heads = m.ph || '';
      starts = sums(m.pc);
    }
    return m;
  });
  const shard = k => file('v/' + hex(k) + '.json.gz').then(v => {
    if (vocab.get(k) !== v) {
      const th = v[''] || {};
      synShards.set(k, { t: new Set(sums(th.t || [])), w: th.w || {} });
      delete v[''];
      vocab.set(k, v);
      for (const w in v) for (const t of v[w].slice(1)) if (!dfs.get(t)?.[1]) dfs.set(t, v[w].length === 2 ? [v[w][0], true] : [Math.min(v[w][0], dfs.get(t)?.[0] ?? Infinity), false]);
    }
    return v;
  });
  // A file of the last build served with this build's meta.json.gz and
  // vocabulary (a CDN that kept it past a deploy, an upload half done)
  // disagrees with them in what it holds: a term or doc it lacks, a count
  // that differs. The search then fails as if the file had, rather than
  // answer with the wrong pages or none. (Not every mix shows: see the
  // README's Search.)
  const mixed = (what, p) => { throw new Error(p + ' is not of build ' + meta.id + ': ' + what); };
  // counted checks a term's document count and the document numbers of
  // its postings or head (doc deltas at 0, 2, 4… from first) against the
  // vocabulary and meta.n.
  const counted = (t, n, list, first, p) => {
    const [df, exact] = dfs.get(t) || [Infinity, false];
    if (exact ? n !== df : n > df) mixed('term ' + t + ' is in ' + n + ' docs, the vocabulary says ' + df, p);
    let d = 0;
    for (let j = first; j < list.length; j += 2) d += list[j];
    if (d >= meta.n) mixed('doc ' + d + ' of ' + meta.n, p);
  };
  // owner is the vocabulary shard of w: its longest key that is a prefix of w.
  const owner = w => { const c = [...w]; for (let n = c.length; n; n--) { const k = c.slice(0, n).join(''); if (keys.has(k)) return k; } };
  // synKey is a normalized word's key in the thesaurus, once its shard is
  // loaded: its first term id, or its key as a word no page has;
  // undefined when the thesaurus does not use it.
  const synKey = w => {
    const k = owner(w), th = synShards.get(k), e = entry(vocab.get(k), w);
    if (!th) return;
    return e && e.length > 1 ? (th.t.has(e[1]) ? String(e[1]) : undefined) : entry(th.w, w);
  };
  const chunkOf = t => { let lo = 0, hi = starts.length - 1; while (lo < hi) { const m = (lo + hi + 1) >> 1; if (starts[m] <= t) lo = m; else hi = m - 1; } return lo; };
  const postings = t => {
    const c = chunkOf(t), p = 'p/' + c + '.bin.gz';
    return file(p).then(chunk => {
      if (!chunk) mixed('not a postings chunk', p);
      const terms = starts[c + 1] - starts[c], list = chunk[t - starts[c]];
      if (chunk.length !== terms && c + 1 < starts.length) mixed(chunk.length + ' terms, meta says ' + terms, p);
      if (!list) mixed('no term ' + t, p);
      counted(t, list.length / 2, list, 0, p);
      return list;
    });
  };
  // head gives the head of a long postings list, when the build wrote one
  // (static.go's heads.go): [df, docDelta, weight, …], the list's first
  // postings by weight, then by doc, under the term's place in its chunk. Chunk c has heads when bit c%4 of hex
  // digit c/4 of meta.ph is set.
  const head = async t => {
    const c = chunkOf(t);
    if (!(parseInt(heads[c >> 2] || '0', 16) >> (c & 3) & 1)) return;
    const p = 'h/' + c + '.json.gz', h = entry(await file(p), t - starts[c]);
    if (h) counted(t, h[0], h, 1, p);
    return h;
  };
  // queryWords gives each normalized word of q with its parts: a word typed
  // with a zero-width non-joiner in a language that writes compounds with
  // one (meta.zw), or spaced after one of its prefixes (meta.za.p: "می
  // فرستیم"), is the word joined, with its parts (the server's analyzeQuery
  // and Affixes.JoinsSpaced); any other word has none.
  const queryWords = q => {
    const plain = s => words(s).map(m => [normalize(m[2]), []]);
    if (!meta.zw) return plain(q);
    const out = (q.match(COMPOUND) || []).flatMap(w => {
      const ps = normalize(w).split('\u200c').filter(Boolean);
      return ps.length > 1 ? [[ps.join(''), ps]] : plain(w);
    });
    for (let i = 0, n; (n = out[i + 1]); i++) if (!out[i][1].length && meta.za?.p.includes(out[i][0]) && [...n[0]].length >= meta.za.n) out.splice(i, 2, [out[i][0] + n[0], [out[i][0], ...(n[1].length ? n[1] : [n[0]])]]);
    return out;
  };
  // suffixRest is a normalized word without the first of the language's
  // commonest suffixes it is typed joined with (meta.za), or '' (the
  // server's Affixes.suffixRest).
  const suffixRest = w => {
    const s = meta.za?.s.find(s => w.endsWith(s) && [...w].length - [...s].length >= meta.za.n);
    return s ? w.slice(0, -s.length) : '';
  };
  // procliticRest is a normalized word without the first of the one-letter
  // words joined to its front that leaves a long enough rest (meta.pr:
  // Hebrew's ו ה ב ל כ מ ש and their combinations, longest first), or ''
  // (the server's Proclitics.Rest).
  const procliticRest = w => {
    const p = meta.pr?.p.find(p => w.startsWith(p) && [...w].length - [...p].length >= meta.pr.n);
    return p ? w.slice(p.length) : '';
  };
  // negates tells whether two normalized words are one but for the prefix
  // that negates a verb before one of them (meta.za.g): one letter apart,
  // but no typo of each other (the server's negates).
  const negates = (a, b) => {
    const g = meta.za && meta.za.g;
    return !!g && (a === g + b || b === g + a);
  };
  // pieces gives the term ids of a compound word's parts but its stop words
  // (the server's word.pieces), which a page that writes the word spaced
  // has all of; null when a part is in no page, or all are stop words.
  async function pieces(r, ps) {
    const ids = [];
    for (const p of ps) {
      const k = owner(p), e = k ? entry(await shard(k), p) : undefined;
      if (!e) return null;
      if (e.length && !r.t.has(e[1]) && !ids.includes(e[1])) ids.push(e[1]);
    }
    return ids.length ? ids : null;
  }

  // resolve maps one normalized query word to term ids and score factors:
  // the exact word, completions when it is the last word, corrections when
  // it is unknown and long enough.
  async function resolve(w, last, fuzzy = true) {
    const cp = [...w], k = owner(w);
    const ks = k ? [k] : [];
    if (last && cp.length > 1) for (const d of meta.vs) if (d.length > w.length && d.startsWith(w) && ks.length < 5) ks.push(d);
    const vs = await Promise.all(ks.map(shard));
    const own = k ? vs[0] : {}, e = entry(own, w);
    // With proclitics, the term of the word as typed leads its entry (typed).
    const r = { w, stop: !!e && !e.length, known: !!e && e.length > 0, t: new Map(), s: new Set(), keys: new Set(), last,
      typed: meta.pr && e && e.length ? e[1] : undefined };
    const chunks = new Set();
    const add = (x, e, f) => {
      const cs = e.slice(1).map(chunkOf);
      if (f < 1 && !cs.every(c => chunks.has(c)) && chunks.size >= MAXCHUNKS) return;
      cs.forEach(c => chunks.add(c));
      r.s.add(x);
      for (const t of e.slice(1)) if (!(r.t.get(t) >= f)) r.t.set(t, f);
    };
    if (e && e.length) add(w, e, 1);
    let cands = [];
    if (last && cp.length > 1) {
      for (const v of vs) for (const x in v) if (x !== w && v[x].length && x.startsWith(w)) cands.push([x, v[x], PREFIX]);
      cands = cands.sort((a, b) => b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1)).slice(0, 50);
    }
    if (!e && fuzzy && cp.length >= 5) {
      const max = cp.length >= 8 ? 2 : 1, fz = [];
      for (const x in own) {
        if (!own[x].length || negates(x, w)) continue;
        const xs = [...x], d = distance(cp, xs, max);
        if (d <= max || (max === 1 && swapped(cp, xs))) fz.push([x, own[x], FUZZY, d]);
      }
      cands.push(...fz.sort((a, b) => a[3] - b[3] || b[1][0] - a[1][0] || (a[0] < b[0] ? -1 : 1)).slice(0, 10));
    }
    for (const [x, e, f] of cands) add(x, e, f);
    return r;
  }

  // sounded adds to r, a query word's resolution, the terms of the Greek
  // words it may spell when it is typed in Latin letters on a Greek index
  // (meta.gk): its sound keys' (greeklishKeys), which the vocabulary has in
  // capitals, looked up as words are, scaled by SOUND so that the word as
  // typed ranks first; a key with a typo only when no key is there as it
  // is (the server's soundTerms).
  async function sounded(r, last) {
    if (!meta.gk || !greeklish || !LATIN.test(r.w)) return;
    // Without greeklish.js (offline, blocked), the word is looked up as
    // typed only; the next search that needs it tries again.
    try { greek = await greeklish(); } catch { return; }
    const ks = greek.greeklishKeys(r.w).map(k => k.toUpperCase());
    if (!ks.length) return;
    let found = await Promise.all(ks.map(k => resolve(k, last, false)));
    if (!found.some(k => k.known)) found = await Promise.all(ks.map(k => resolve(k, last)));
    for (const k of found) {
      for (const [t, f] of k.t) if (!(r.t.get(t) >= f * SOUND)) r.t.set(t, f * SOUND);
      for (const x of k.s) r.keys.add(x.toLowerCase());
    }
  }

  // withoutProclitics adds to r, a query word's resolution, the terms of
  // the word without the one-letter words joined to its front (procliticRest),
  // scaled by SYNONYM: the server reads the rest as a piece of the word,
  // ranked below it (its analyzer indexes each word without them too, which
  // the vocabulary gives for a word some page has; this is for one no page has).
  async function withoutProclitics(r) {
    const rest = procliticRest(r.w);
    if (!rest || r.stop) return;
    const x = await resolve(rest, false, false);
    for (const [t, f] of x.t) if (!(r.t.get(t) >= f * SYNONYM)) r.t.set(t, f * SYNONYM);
    for (const w of x.s) r.s.add(w);
  }

  // search returns {total, hits:[{url,title,section,page,snippet,fallback,score}]}
  // with title and snippet as safe HTML (snippet only when asked: it costs a
  // download). All words must match, but for question and filler words, and
  // a word or phrase matches through its synonyms too; if no document has
  // them all, any word will do, as on the server.
  async function search(q, limit = 10, snippets = true) {
    try {
      return await searchOnce(q, limit, snippets);
    } catch (e) {
      // A file that fails or disagrees may be one the site no longer has:
      // the page has been open since a deploy, or a cache held on to the
      // last build's meta.json.gz. Once, the newest meta is asked for
      // (which lets go of the files kept) and, if it is another build's,
      // the search runs on it.
      const was = meta && meta.id;
      files.delete('meta.json.gz');
      if ((await ready()).id === was) throw e;
      return searchOnce(q, limit, snippets);
    }
  }

  async function searchOnce(q, limit, snippets) {
    await ready();
    const seen = new Set(), qs = queryWords(q.slice(0, 256)).filter(([w]) => w && !seen.has(w) && seen.add(w)).slice(0, 12);
    if (!qs.length) return { total: 0, hits: [] };
    const typing = !/[\s\p{P}]$/u.test(q);
    // A compound word whose joined form is a stop word is its parts, as
    // the server's stop list leaves them; a word typed joined with a
    // common suffix has the rest of it for its piece; a compound whose
    // first part is a prefix (می, نمی) has no pieces, its rest being the
    // rest of the word with the other prefix too (the server's
    // affixPieces).
    let rs = (await Promise.all(qs.map(async ([w, ps], i) => {
      const last = typing && i === qs.length - 1, r = await resolve(w, last);
      await sounded(r, last);
      if (!ps.length) {
        const rest = suffixRest(w);
        if (rest && !r.stop) r.pieces = await pieces(r, [rest]);
        await withoutProclitics(r);
        return [r];
      }
      if (r.stop) return Promise.all(ps.map((p, j) => resolve(p, last && j === ps.length - 1)));
      if (!meta.za?.p.includes(ps[0])) r.pieces = await pieces(r, ps);
      return [r];
    }))).flat();
    const real = rs.filter(r => !r.stop);
    rs = real.length ? real : rs.slice(-1);
    // The thesaurus is fetched for a query with a word it knows, and only then.
    const units = thesaurus(rs, meta.sy && rs.some(r => synKey(r.w) !== undefined) ? await file('s.json.gz') : null);
    // A compound word's parts are one more way to have it, as a synonym is.
    for (const u of units) if (u.parts.length === 1 && u.parts[0].pieces) { u.alts.unshift(u.parts[0].pieces); u.compound = true; }
    // Synonyms whose postings are in chunks the query does not fetch anyway
    // may add MAXCHUNKS chunks in all, the likeliest (listed first) first.
    const chunks = new Set(rs.flatMap(r => [...r.t.keys()].map(chunkOf)));
    let extra = 0;
    for (const u of units) {
      u.alts = u.alts.filter(a => {
        const cs = new Set(a.map(chunkOf).filter(c => !chunks.has(c)));
        if (extra + cs.size > MAXCHUNKS) return false;
        cs.forEach(c => chunks.add(c));
        extra += cs.size;
        return true;
      });
    }
    const N = meta.n;
    const idfOf = df => Math.log(1 + (N - df + 0.5) / (df + 0.5));
    // weigh is a stored weight as a query weighs it: a negative one is a
    // page with the term only as the rest of longer words, which a query
    // for the word as typed (typed) weighs below the pages that have it as
    // written (chunks.go's typedWeight).
    const weigh = (v, typed) => v >= 0 ? v : typed ? -v / EXACT : -v;
    // fromHead gives the first limit docs of a query that is one term t
    // with factor f, scored, and their count, from t's head when it holds
    // them (its docs are the first of all, as a score grows with the
    // weight); else undefined.
    const fromHead = async (t, f, limit) => {
      const h = await head(t), n = h ? (h.length - 1) / 2 : 0;
      if (!h || (n < limit && n < h[0])) return;
      const idf = idfOf(h[0]), top = [];
      for (let j = 1, d = 0; j < h.length; j += 2) {
        d += h[j];
        top.push([d, idf * weigh(h[j + 1], true) / 4 * f, 0]); // the term of the word as typed (one)
      }
      return { scored: top, total: h[0] };
    };
    // scores maps term ids (id → factor) to doc → best score, typed being
    // the term of the word as typed, if any.
    const scores = async (ts, f0 = 1, typed) => {
      const m = new Map();
      await Promise.all([...ts].map(async ([t, f]) => {
        const p = await postings(t), idf = idfOf(p.length / 2);
        for (let j = 0, d = 0; j < p.length; j += 2) {
          d += p[j];
          const s = idf * weigh(p[j + 1], t === typed) / 4 * f * f0;
          if (!(m.get(d) >= s)) m.set(d, s);
        }
      }));
      return m;
    };
    // all keeps the docs of every map, their scores summed.
    const all = ms => new Map([...ms[0]].filter(([d]) => ms.every(m => m.has(d))).map(([d]) => [d, ms.reduce((a, m) => a + m.get(d), 0)]));
    // A unit's score is its best match (the words as typed, or a synonym),
    // plus a little for each other one. A compound word's, whose pages
    // mostly have it joined and in parts, is as the server scores a word's
    // spellings: the sum of those matched times how many matched, so that
    // the page with the word as typed ranks above the page with its parts.
    // A word that is one term needs only that term's head, when it has one,
    // whose pages come in the order of a query for the word as typed.
    const one = units.length === 1 && !units[0].alts.length && units[0].parts.length === 1 && units[0].parts[0].t.size === 1 &&
      (!meta.pr || units[0].parts[0].t.has(units[0].parts[0].typed));
    const got = one && await fromHead(...units[0].parts[0].t.entries().next().value, limit);
    const per = got ? [] : await Promise.all(units.map(async u => {
      const own = all(await Promise.all(u.parts.map(r => scores(r.t, 1, r.typed))));
      const alts = await Promise.all(u.alts.map(async a => all(await Promise.all(a.map(t => scores([[t, 1]], SYNONYM))))));
      if (!alts.length) return own;
      const m = new Map();
      for (const c of [own, ...alts]) for (const [d, s] of c) { const [best, sum, n] = m.get(d) || [0, 0, 0]; m.set(d, [Math.max(best, s), sum + s, n + 1]); }
      return new Map([...m].map(([d, [best, sum, n]]) => [d, u.compound ? n * sum : best + (sum - best) * EXTRA]));
    }));
    // The docs with every required unit come first; if they do not fill
    // the page, the docs with some of them follow, scaled by the share they
    // have, as on the server.
    const need = per.filter((_, i) => !units[i].opt);
    const sum = d => per.reduce((a, m) => a + (m.get(d) || 0), 0);
    const order = (a, b) => b[1] - a[1] || a[0] - b[0];
    const every = got ? [] : [...need[0].keys()].filter(d => need.every(m => m.has(d)));
    let scored = got ? got.scored.sort(order) : every.map(d => [d, sum(d), 0]).sort(order);
    if (!got && scored.length < limit && need.length > 1) {
      const seen = new Set(every);
      scored = scored.concat([...new Set(need.flatMap(m => [...m.keys()]))].filter(d => !seen.has(d))
        .map(d => [d, need.reduce((a, m) => a + (m.get(d) || 0), 0) * need.filter(m => m.has(d)).length / need.length, 1]).sort(order));
    }
    // A doc shard holds meta.ds docs, an excerpt shard meta.xs, the last
    // one the rest.
    const row = (dir, per, d) => {
      const i = Math.floor(d / per), p = dir + i + '.json.gz';
      return file(p).then(s => s.length === Math.min(per, meta.n - i * per) ? s[d % per] : mixed(s.length + ' docs', p));
    };
    const rows = await Promise.all(scored.slice(0, limit).map(([d]) => Promise.all([row('d/', meta.ds, d), snippets && row('x/', meta.xs, d)])));
    // Within its step, a page whose title has every required word (the FAQ
    // question that is the query) ranks higher, and a page shown from
    // another language lower, as on the server (titleCover, fallbackFactor).
    const covers = units.filter(u => !u.opt).map(unitMatcher);
    const titled = t => covers.length > 1 && covers.every(m => words(t || '').some(([, , w]) => m(normalize(w))));
    const top = scored.slice(0, limit).map(([, score, step], i) => {
      const [[, title, , , fallback]] = rows[i];
      return [rows[i], score * (fallback ? FALLBACK : 1) * (titled(title) ? TITLE : 1), step];
    }).sort((a, b) => a[2] - b[2] || b[1] - a[1]);
    const match = matcher(units);
    return {
      total: got ? got.total : scored.length,
      hits: top.map(([[[url, title, section, page, fallback], excerpt], score]) =>
        ({ url, title: highlight(title, match), section, page, snippet: snippets ? highlight(excerpt, match) : '', fallback: !!fallback, score })),
    };
  }

  // thesaurus groups resolved words into units, as the server's parseQuery
  // does: the longest phrase the thesaurus knows at each word (as typed, or
  // leaving out optional words after its first) becomes one unit with its
  // synonyms; optional words become optional units; if all are optional,
  // none is. syn is s.json.gz (see synonymTable in static.go) or null.
  function thesaurus(rs, syn) {
    if (!syn) return rs.map(r => ({ parts: [r], alts: [], opt: false }));
    const keys = rs.map(r => synKey(r.w)), opt = new Set(syn.o), longest = Math.max(0, ...Object.keys(syn.r).map(k => k.split(' ').length));
    const isOpt = j => keys[j] !== undefined && opt.has(keys[j]);
    const match = idx => {
      for (let n = Math.min(longest, idx.length); n > 0; n--) {
        const ks = idx.slice(0, n).map(j => keys[j]);
        if (ks.includes(undefined)) continue;
        const alts = entry(syn.r, ks.join(' '));
        if (alts) return [n, alts];
      }
      return [0, []];
    };
    const out = [], skipped = [];
    for (let i = 0; i < rs.length;) {
      const direct = [], sparse = [];
      for (let j = i; j < rs.length; j++) { direct.push(j); if (j === i || !isOpt(j)) sparse.push(j); }
      const [n, alts] = match(direct), [m, sparseAlts] = match(sparse);
      const [idx, a] = m > n ? [sparse.slice(0, m), sparseAlts] : [direct.slice(0, n), alts];
      if (!idx.length) { out.push({ parts: [rs[i]], alts: [], opt: isOpt(i) }); i++; continue; }
      out.push({ parts: idx.map(j => rs[j]), alts: a, opt: false });
      const last = idx[idx.length - 1];
      for (let j = i + 1; j < last; j++) if (!idx.includes(j)) skipped.push({ parts: [rs[j]], alts: [], opt: true });
      i = last + 1;
    }
    out.push(...skipped);
    if (out.every(u => u.opt)) out.forEach(u => { u.opt = false; });
    return out;
  }

  // unitMatcher tells whether a normalized word matches one unit: one of its
  // words, a completion of the last one, or a form of its terms or synonyms
  // (known when the word's vocabulary shard is loaded).
  function unitMatcher(u) {
    const ws = new Set(u.parts.flatMap(r => [...r.s])), ts = new Set(u.parts.flatMap(r => [...r.t.keys()]).concat(u.alts.flat()));
    const keys = new Set(u.parts.flatMap(r => [...r.keys]));
    const last = u.parts.find(r => r.last && [...r.w].length > 1);
    return n => {
      if (ws.has(n) || (last && n.startsWith(last.w)) || (keys.size && keys.has(greek.greekKey(n)))) return true;
      const e = entry(vocab.get(owner(n)), n);
      return !!e && e.slice(1).some(t => ts.has(t));
    };
  }

  // matcher tells whether a normalized word of a result should be marked:
  // it matches one of the units.
  function matcher(units) {
    const ms = units.map(unitMatcher);
    const m = n => ms.some(u => u(n));
    m.pairs = units.flatMap(u => u.parts).filter(r => isPair(r.w)).length;
    return m;
  }

  return { ready, search };
}

// pickOther is search.PickOther (search/otherlang.go): of others, where a
// search that found nothing may look next ([{lang, dir, scripts, label}],
// search.OtherLanguages), the one whose scripts have the most of q's
// characters, the first on a tie; when none has any, the one without scripts.
const pickOther = (q, others) => {
  let best, most = 0;
  for (const o of others) {
    if (!o.scripts) continue;
    const n = (q.match(new RegExp('[' + o.scripts.map(s => '\\p{sc=' + s + '}').join('') + ']', 'gu')) || []).length;
    if (n > most) { best = o; most = n; }
  }
  return best || others.find(o => !o.scripts);
};

// openWithOthers is open over the static index at base that answers a
// query that finds nothing there with what the other language it picks
// (pickOther) finds, as other: {lang, dir, label, total, hits}. That
// language's index, beside base, is opened only then: a search that finds
// something downloads nothing more.
function openWithOthers(base, others, get, greeklish) {
  const own = open(base, get, greeklish), theirs = new Map();
  const search = async (q, limit, snippets) => {
    const r = await own.search(q, limit, snippets), o = !r.hits.length && q.trim() && pickOther(q, others);
    if (!o) return r;
    if (!theirs.has(o.lang)) theirs.set(o.lang, open(base.replace(/[^/]+\/$/, o.lang + '/'), get, greeklish));
    // The other language is a help; its failure leaves the answer as it was.
    const x = await theirs.get(o.lang).search(q, limit, snippets).catch(() => null);
    return x && x.hits.length ? { ...r, other: { lang: o.lang, dir: o.dir, label: o.label, total: x.total, hits: x.hits } } : r;
  };
  return { ready: own.ready, search };
}

// plainMatcher marks, in server results, the query words, completions of the
// last one, and the words the server marked in its snippets (its typo
// corrections and other word forms).
function plainMatcher(q, marked = []) {
  const qs = words(q).map(m => normalize(m[2])), last = /[\s\p{P}]$/u.test(q) ? '' : qs[qs.length - 1] || '';
  const extra = new Set(marked.flatMap(t => words(t).map(m => normalize(m[2]))));
  const m = n => qs.includes(n) || extra.has(n) || ([...last].length > 1 && n.startsWith(last));
  m.pairs = qs.filter(isPair).length;
  return m;
}

// markedWords lists the text inside <mark> in server snippets.
const markedWords = hits => hits.flatMap(h => [...String(h.snippet || '').matchAll(/<mark>([^<]*)<\/mark>/g)].map(m => m[1]));

const core = { normalize, words, distance, highlight, escape: esc, open, openWithOthers, pickOther, plainMatcher };
if (typeof module === 'object' && module.exports) module.exports = core;
// A page may run this script twice (a site's own assets part loading it on
// every page, and the search page): the search boxes are wired once.
const again = !!g.kbSearch;
g.kbSearch = core;
if (typeof document === 'undefined' || again) return;

let strings = {};
try { strings = JSON.parse(document.getElementById('kb-strings').textContent); } catch (e) { /* defaults below */ }
// The query goes in as it is: a replacement string would read $& in it.
const say = (k, q) => (strings[k] || '').replace('{query}', () => q);
// titleQuery is the query as the tab's title shows it: without bidirectional
// embeddings, overrides and isolates, which could reach past the isolate the
// title sets it in, and without the spaces around it (the search server's
// titleQuery, search/server/title.go).
const titleQuery = q => q.replace(/[\u202a-\u202e\u2066-\u2069]/g, '').trim();
const safeURL = u => /^(\/|https?:)/.test(u) ? u : '#';
// langAttrs marks another language's results with its language and direction.
const langAttrs = o => ` lang="${esc(o.lang)}" dir="${o.dir === 'rtl' ? 'rtl' : 'ltr'}"`;
// Server snippets are safe HTML already; keep only their <mark> tags anyway.
const clean = h => String(h || '').replace(/<(?!\/?mark>)[^>]*>?/g, '');

// opened tells the search server, when there is one, which result a query
// led to, for kb report's "no click" list: the query, the language and the
// page, nothing else. The server takes JSON only (a form on another site
// cannot send that), and keepalive lets the request outlive the page.
const opened = (form, q, a) => {
  const ep = form.dataset.endpoint, u = new URL(a.href, location.href);
  if (!ep || !q.trim() || u.origin !== location.origin) return;
  try {
    fetch(ep.replace(/\/api\/search\/?$/, '') + '/api/click', {
      method: 'POST', keepalive: true, headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ q: q.trim(), lang: form.dataset.lang || '', url: u.pathname + u.hash }),
    }).catch(() => {});
  } catch (e) { /* best effort */ }
};

// greeklishOf returns what loads the form's greeklish.js (data-greeklish)
// for open, once, by a script element, as a strict Content-Security-Policy
// allows; a failed load is tried again by the next search that needs it.
// None without the attribute.
let greeklishLoad;
const greeklishOf = url => url && (() => greeklishLoad || (greeklishLoad = new Promise((ok, fail) => {
  if (g.kbGreeklish) return ok(g.kbGreeklish);
  const s = document.createElement('script');
  s.src = url;
  s.onload = () => (g.kbGreeklish ? ok(g.kbGreeklish) : s.onerror());
  s.onerror = () => { greeklishLoad = undefined; s.remove(); fail(new Error(url)); };
  document.head.appendChild(s);
})));

// searcher returns the form's source of results: the endpoint while it
// answers within 1.5 s, the static index from its first failure on. It
// answers {hits, other}: other is what the site's other language found
// when the form's found nothing ({lang, dir, label, total, hits}, see
// openWithOthers), or undefined.
function searcher(form) {
  const ds = form.dataset;
  let others = [];
  try { others = JSON.parse(ds.others || '[]'); } catch (e) { /* none */ }
  const index = openWithOthers(ds.index, others, undefined, greeklishOf(ds.greeklish));
  let server = !!ds.endpoint;
  const fromServer = (q, hits) => {
    const match = plainMatcher(q, markedWords(hits));
    return hits.map(h => ({ ...h, section: h.section_title || h.section, title: highlight(h.title, match), snippet: clean(h.snippet) }));
  };
  const run = async (q, limit, snippets) => {
    if (server) {
      const ctl = new AbortController(), timer = setTimeout(() => ctl.abort(), 1500);
      try {
        const u = ds.endpoint + (ds.endpoint.includes('?') ? '&' : '?') + new URLSearchParams({ q: q.trim(), lang: ds.lang || '', limit });
        const r = await fetch(u, { signal: ctl.signal });
        if (!r.ok) throw new Error(r.status);
        const a = await r.json(), o = a.other, hits = fromServer(q, a.hits || []);
        if (hits.length || !o || !o.hits || !o.hits.length) return { hits };
        const label = (others.find(x => x.lang === o.lang) || {}).label || o.lang;
        return { hits, other: { lang: o.lang, dir: o.dir, label, total: o.total, hits: fromServer(q, o.hits) } };
      } catch (e) {
        server = false;
      } finally {
        clearTimeout(timer);
      }
    }
    return index.search(q, limit, snippets);
  };
  run.ready = index.ready;
  return run;
}

for (const form of document.querySelectorAll('form[data-kb-search]')) {
  const input = form.querySelector('input[name=q]');
  const list = document.getElementById(input.getAttribute('aria-controls')) || form.querySelector('[role=listbox]');
  const run = searcher(form);
  let seq = 0, timer, active = -1;
  form.kbRun = run;
  input.setAttribute('role', 'combobox'); // aria-expanded and aria-activedescendant need it
  const options = () => list.querySelectorAll('[role=option]');
  // A screen reader hears how many suggestions came, or that none did:
  // the list showing or staying hidden says nothing by itself.
  const status = form.querySelector('[role=status]');
  // A search that failed (the network, or a deploy under way) says so, in
  // sight, rather than show no suggestions, which would read as none found.
  const announce = (n, failed) => {
    if (!status) return;
    status.textContent = failed ? status.getAttribute('data-failed') || '' : n < 0 ? '' : status.getAttribute('data-count-' + Math.min(n, 6)) || '';
    status.classList.toggle('visually-hidden', !failed);
  };
  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); select(-1); };
  const select = i => {
    active = i;
    options().forEach((o, j) => o.setAttribute('aria-selected', j === i ? 'true' : 'false'));
    if (i < 0) input.removeAttribute('aria-activedescendant');
    else input.setAttribute('aria-activedescendant', list.id + '-' + i);
  };
  const show = r => {
    // Another language's suggestions, when the form's language found
    // nothing, come in a group named by its label, in their language.
    const o = !r.hits.length && r.other, hits = (o ? o.hits : r.hits).slice(0, 6);
    // The link is the option itself: a link inside an option is nested
    // interactive content (axe: serious), and a real link still opens in a new tab.
    const options = hits.map((h, i) => `<li role="none"><a role="option" id="${list.id}-${i}" aria-selected="false" ` +
      `tabindex="-1" href="${esc(safeURL(h.url))}">${h.title}${h.section ? ` <small>${esc(h.section)}</small>` : ''}</a></li>`).join('');
    list.innerHTML = o ? `<li role="none" class="kb-other"><span aria-hidden="true">${esc(o.label)}</span>` +
      `<ul role="group" aria-label="${esc(o.label)}"${langAttrs(o)}>${options}</ul></li>` : options;
    list.hidden = !hits.length;
    input.setAttribute('aria-expanded', String(!!hits.length));
    select(-1);
  };
  const suggest = async () => {
    const my = ++seq, q = input.value;
    if (!q.trim()) { announce(-1); return close(); }
    try {
      const r = await run(q, 6, false);
      if (my === seq) { show(r); announce((r.hits.length ? r : r.other || r).hits.length); }
    } catch (e) { if (my === seq) { close(); announce(-1, true); } }
  };
  // kb.js loads this script when the reader comes to the box, so the box
  // may have the focus already, and what was typed is searched below, as
  // the reader's next keystroke would have it searched.
  const warm = () => run.ready().catch(() => {});
  if (document.activeElement === input) warm();
  else input.addEventListener('focus', warm, { once: true });
  const later = () => { clearTimeout(timer); timer = setTimeout(suggest, 120); };
  input.addEventListener('input', later);
  input.addEventListener('keydown', e => {
    const n = options().length;
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && n) {
      e.preventDefault();
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      select(e.key === 'ArrowDown' ? (active + 1) % n : active <= 0 ? n - 1 : active - 1);
    } else if (e.key === 'Enter' && active >= 0 && !list.hidden) {
      e.preventDefault();
      opened(form, input.value, options()[active]);
      location.href = options()[active].href;
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault();
      close();
    }
  });
  list.addEventListener('click', e => { const a = e.target.closest('a[href]'); if (a) opened(form, input.value, a); });
  document.addEventListener('click', e => { if (!form.contains(e.target)) close(); });
  if (input.value.trim()) later();
}

const results = document.querySelector('[data-kb-results]');
const form = document.querySelector('form[data-kb-search]');
if (results && form) {
  const q = new URLSearchParams(location.search).get('q') || '';
  document.querySelectorAll('form[data-kb-search] input[name=q]').forEach(i => { i.value = q; });
  if (q.trim()) {
    // The tab names the query, in this page and in the history.
    if (strings.title) document.title = say('title', titleQuery(q));
    results.setAttribute('aria-busy', 'true');
    results.textContent = say('loading', q);
    const list = (hits, attrs = '') => `<ol class="kb-hits"${attrs}>` + hits.map(h => `<li><a href="${esc(safeURL(h.url))}">${h.title}</a>` +
      (h.fallback ? ` <span class="kb-fallback">${esc(say('fallback', q))}</span>` : '') +
      `<div class="kb-section">${[h.section, h.page].filter(Boolean).map(part => `<span>${esc(part)}</span>`).join(' ')}</div><p>${h.snippet}</p></li>`).join('') + '</ol>';
    form.kbRun(q, 20, true).catch(() => null).then(r => {
      // Nothing here, but something in another language: its results
      // below the message, under their label, in their language.
      const o = r && r.other;
      results.innerHTML = `<h2>${esc(say('resultsFor', q))}</h2>` + (!r ? `<p class="kb-failed">${esc(say('failed', q))}</p>` : r.hits.length
        ? list(r.hits)
        : `<p>${esc(say('noResults', q))}</p>` + (o ? `<p class="kb-other">${esc(o.label)}</p>` + list(o.hits, langAttrs(o)) : ''));
      results.removeAttribute('aria-busy');
    });
    results.addEventListener('click', e => { const a = e.target.closest('a[href]'); if (a) opened(form, q, a); });
  } else {
    // No query (an empty box submitted, a bookmark): what to do, and the
    // popular articles, under "Search". The focus stays where the page
    // put it: in the search box, a phone's keyboard would cover them, and
    // a screen reader would start past the heading.
    document.querySelectorAll('[data-kb-noquery]').forEach(el => { el.hidden = false; });
    document.querySelectorAll('[data-kb-query]').forEach(el => { el.hidden = true; });
  }
}
})(globalThis);
