/* kb search: Greek typed in Latin letters ("Greeklish"). search.js loads
   this part when a query on a Greek static index (its meta.gk) has a word
   in Latin letters, so that no other search downloads it. Node's tests
   require it through module.exports. */
(g => {
  'use strict';
  // greeklishKeys is search/greek's LatinKeys (greeklish.go), step for step:
  // the sound keys a normalized word typed in Latin letters may have as a
  // Greek word, likeliest first, at most 16; none unless it is a-z, 3 and 8,
  // with a letter. Keep the tables in step with greeklish.go's.
  const LATIN_PAIRS = { nth: ['nth'], mph: ['mf'], ch: ['h'], ph: ['f'], ou: ['u'], ei: ['i'], oi: ['i'], ai: ['e', 'ai'],
    au: ['av', 'au'], eu: ['ev', 'eu'], ay: ['av'], ey: ['ev'], af: ['af', 'av'], ef: ['ef', 'ev'],
    mp: ['b'], nt: ['d'], gg: ['g'], ng: ['g'], gk: ['g'] };
  // The letters not listed stand for themselves.
  const LATIN_LETTERS = { b: ['v', 'b'], c: ['k'], h: ['h', 'i'], u: ['u', 'i'], w: ['o'], x: ['h', 'ks'], y: ['i'], 3: ['ks'], 8: ['th'] };
  const greeklishKeys = w => {
    if (!/^[a-z38]*[a-z][a-z38]*$/.test(w)) return [];
    let keys = [''];
    for (let i = 0, n; i < w.length; i += n) {
      let opts = LATIN_LETTERS[w[i]] || [w[i]];
      n = 1;
      for (const m of [3, 2]) if (i + m <= w.length && Object.hasOwn(LATIN_PAIRS, w.slice(i, i + m))) { opts = LATIN_PAIRS[w.slice(i, i + m)]; n = m; break; }
      keys = keys.flatMap(k => opts.map(o => k + o)).slice(0, 16);
    }
    return [...new Set(keys.map(k => k.replace(/(.)\1+/g, '$1')))];
  };
  // greekKey is search/greek's Key: the sound key of a normalized Greek
  // word, '' for another word. A result's word is marked when its key is one
  // the query's Latin words were found by.
  const GREEK_PAIRS = { ου: 'u', ει: 'i', οι: 'i', υι: 'i', αι: 'e', αυ: 'av', ευ: 'ev', ηυ: 'iv', μπ: 'b', ντ: 'd', γγ: 'g', γκ: 'g' };
  const GREEK_LETTERS = Object.fromEntries([...'αβγδεζηθικλμνξοπρστυφχψω'].map((c, i) => [c, 'a v g d e z i th i k l m n ks o p r s t i f h ps o'.split(' ')[i]]));
  const greekKey = w => {
    let k = '';
    for (let i = 0; i < w.length; i++) {
      const p = w.slice(i, i + 2);
      if (p.length === 2 && Object.hasOwn(GREEK_PAIRS, p)) { k += GREEK_PAIRS[p]; i++; } else if (Object.hasOwn(GREEK_LETTERS, w[i])) k += GREEK_LETTERS[w[i]]; else return '';
    }
    return k.replace(/(.)\1+/g, '$1');
  };
  const greeklish = { greeklishKeys, greekKey };
  if (typeof module === 'object' && module.exports) module.exports = greeklish;
  g.kbGreeklish = greeklish;
})(globalThis);
