// folio's search page: finds articles in the index the build wrote (by
// pagefind, in the folder named by the form's data-index, and the parts
// its parts.json lists) and shows each
// result as a card: title, byline, date and an excerpt with the matched
// words marked. `/search/?q=word` opens with that search done. Results are
// ordinary links, reached with Tab; the count is announced to screen
// readers through the status line.

const form = document.querySelector("form.search-form");
const input = document.getElementById("search-q");
const status = document.querySelector(".search-status");
const list = document.querySelector(".search-results");

let pagefind = null;
let latest = 0;

// A large archive's index is built in parts: the first in the index
// folder, the others listed in its parts.json, merged into one search
// (pagefind ranks the results of all parts together). Loaded once, on the
// first search; searches typed meanwhile wait for the same load.
function engine() {
  if (!pagefind) {
    pagefind = load();
  }
  return pagefind;
}

async function load() {
  const index = form.dataset.index;
  // Records hold each page's whole path (under the site's base path, and
  // with /ur/ for the Urdu edition); without baseUrl, pagefind would put
  // the folder its index sits in (/ur/) in front of them a second time.
  const options = { excerptLength: 30, baseUrl: "/" };
  const found = await import(`${index}pagefind.js`);
  await found.options(options);
  const parts = await fetch(`${index}parts.json`)
    .then((r) => (r.ok ? r.json() : []))
    .catch(() => []);
  // Each part's folder, written relative to the index folder (`part-2/`).
  const base = new URL(index, location.href);
  for (const part of parts) {
    await found.mergeIndex(new URL(part, base).pathname, options);
  }
  found.init();
  return found;
}

// The excerpt as nodes: pagefind marks matches with <mark>; everything else
// is taken as text, never as markup.
function excerptNodes(excerpt) {
  const out = document.createDocumentFragment();
  const decode = document.createElement("textarea");
  let marked = false;
  for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
    if (part === "<mark>") { marked = true; continue; }
    if (part === "</mark>") { marked = false; continue; }
    decode.innerHTML = part;
    const text = document.createTextNode(decode.value);
    if (marked) {
      const m = document.createElement("mark");
      m.append(text);
      out.append(m);
    } else {
      out.append(text);
    }
  }
  return out;
}

function card(data) {
  const li = document.createElement("li");
  const article = document.createElement("article");
  article.className = "card";
  const h2 = document.createElement("h2");
  h2.className = "card-title";
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h2.append(a);
  if (data.meta.retracted) {
    // A retracted article is marked wherever it is listed.
    article.classList.add("is-retracted");
    const badge = document.createElement("span");
    badge.className = "badge badge-retracted";
    badge.textContent = form.dataset.retracted || "Retracted";
    h2.append(" ", badge);
  }
  article.append(h2);
  if (data.meta.byline) {
    const by = document.createElement("p");
    by.className = "byline";
    by.textContent = data.meta.byline;
    article.append(by);
  }
  if (data.meta.date) {
    const meta = document.createElement("p");
    meta.className = "meta";
    const time = document.createElement("time");
    time.dateTime = data.meta.datetime || "";
    time.textContent = data.meta.date;
    meta.append(time);
    article.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "card-summary excerpt";
  excerpt.append(excerptNodes(data.excerpt || ""));
  article.append(excerpt);
  li.append(article);
  return li;
}

async function run(query) {
  const mine = ++latest;
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  status.textContent = form.dataset.loading;
  const pf = await engine();
  const found = await pf.search(query);
  const data = await Promise.all(found.results.slice(0, 30).map((r) => r.data()));
  if (mine !== latest) return; // a newer search is on its way
  const n = found.results.length;
  status.textContent = n === 0 ? form.dataset.none
    : n === 1 ? form.dataset.one : `${n} ${form.dataset.many}`;
  list.replaceChildren(...data.map(card));
  document.body.dataset.searched = query;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const url = new URL(location.href);
  url.searchParams.set("q", query);
  history.replaceState(null, "", url);
  run(query);
});

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial);
}
