// Runs search.js's core under node for the Go tests: node run.js SEARCH_JS ROOT REQUEST.json
// ROOT holds the files Build returned; fetch is a shim that reads them and
// records what a browser would download.
const fs = require('fs');
const path = require('path');
const [, , js, root, reqFile] = process.argv;
const kb = require(js);
// greeklish.js, beside search.js, which a page loads when a query needs it.
const greeklishJS = path.join(path.dirname(js), 'greeklish.js');
const greeklish = () => {
  fetched.push(['greeklish.js', fs.statSync(greeklishJS).size]);
  return Promise.resolve(require(greeklishJS));
};
const req = JSON.parse(fs.readFileSync(reqFile, 'utf8'));

let fetched = [];
const get = async url => {
  const p = url.split('?')[0];
  try {
    const body = fs.readFileSync(path.join(root, p));
    fetched.push([p, body.length]);
    return new Response(body);
  } catch (e) {
    return new Response('', { status: 404 });
  }
};

(async () => {
  const out = { normalize: (req.normalize || []).map(kb.normalize), words: (req.words || []).map(s => kb.words(s).map(m => m[2])), greeklish: (req.greeklish || []).map(require(greeklishJS).greeklishKeys), greekKeys: (req.greekKeys || []).map(require(greeklishJS).greekKey),
    picks: (req.picks || []).map(([q, others]) => (kb.pickOther(q, others) || {}).lang || ''), queries: [] };
  for (const q of req.queries || []) {
    // A query runs on a fresh index (a first search); seq runs keystrokes
    // (suggestions, titles only) then the results page, on one.
    // With others, the languages search.OtherLanguages lists, a query
    // that finds nothing searches the one it picks.
    // greeklishFails: greeklish.js does not load (offline, blocked).
    const load = q.greeklishFails ? () => Promise.reject(new Error('greeklish.js did not load')) : greeklish;
    const index = q.others ? kb.openWithOthers(q.base, q.others, get, load) : kb.open(q.base, get, load);
    fetched = [];
    for (const s of q.seq || []) await index.search(s, 6, false);
    // A query that may fail (mixed builds) records the failure; any other
    // failure ends the run.
    const r = await index.search(q.seq ? q.seq[q.seq.length - 1] : q.q, q.limit || 5).catch(e => { if (!q.mayFail) throw e; return { error: e.message }; });
    out.queries.push({ q: q.q, total: r.total, hits: r.hits, files: fetched, error: r.error, other: r.other });
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
