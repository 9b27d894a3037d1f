// sitrep web UI: plain JavaScript, no framework, no build step, no network beyond this server.
// Rule: text that comes from news reports or the API is only ever inserted with textContent /
// createTextNode (see el()), never as HTML; links from data are kept only when http(s).
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const HOSTILE = new Set(["ASSAULT", "COERCE", "SANCTION", "MOBILIZE"]);
const VERBAL = new Set(["ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST"]);
const FILTER_KEYS = ["actor", "type", "country", "place", "since", "until", "text"];
const PAGE = 50;
const SVGNS = "http://www.w3.org/2000/svg";

function typeClass(t) {
  return HOSTILE.has(t) ? "hostile" : VERBAL.has(t) ? "verbal" : "coop";
}
function typeColor(t) {
  return HOSTILE.has(t) ? "#c0392b" : VERBAL.has(t) ? "#b7791f" : "#2e8b57";
}

// "1 event", "2 events", "12,034 events".
function plural(n, word, many) {
  const num = Number(n) || 0;
  return num.toLocaleString("en-US") + " " + (num === 1 ? word : (many || word + "s"));
}
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
function isoDay(d) { return d.toISOString().slice(0, 10); }
function dayMs(s) { return Date.parse(s + "T00:00:00Z"); }

// Builds an element. Children: strings become text nodes, null/false are skipped.
// Attributes go through setAttribute except "on*" handlers (functions) and "href" (checked).
function el(tag, attrs, ...children) {
  const n = document.createElement(tag);
  setAttrs(n, attrs);
  append(n, children);
  return n;
}
function svg(tag, attrs, ...children) {
  const n = document.createElementNS(SVGNS, tag);
  setAttrs(n, attrs);
  append(n, children);
  return n;
}
function setAttrs(n, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") n.addEventListener(k.slice(2), v);
    else if (k === "href") { const h = safeHref(v); if (h) n.setAttribute("href", h); }
    else if (k === "style") n.style.cssText = String(v); // CSSOM: allowed by the CSP, unlike style=""
    else n.setAttribute(k, String(v));
  }
}
function append(n, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    n.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}
// Internal routes and http(s) URLs only: javascript:, data: and the like never become links.
function safeHref(v) {
  const s = String(v).trim();
  if (s.startsWith("#/") || s.startsWith("/api/")) return s;
  try {
    const u = new URL(s);
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
  } catch (_) { /* not a URL */ }
  return null;
}

const main = () => document.getElementById("main");
function setView(name, state) {
  document.body.dataset.view = name;
  document.body.dataset.state = state;
  // When the view was complete, in ms since the page's navigation began (the browser test's
  // first-paint measure) and since its route started.
  if (state === "ready") {
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.renderMs = String(Math.round(performance.now() - routeStart));
  }
}
let routeStart = 0;

async function api(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const url = "/api/" + path + (qs.toString() ? "?" + qs : "");
  const r = await fetch(url, { headers: { "Accept": "application/json" } });
  let body = null;
  try { body = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) throw new Error((body && body.error) || ("HTTP " + r.status));
  return body;
}

function showError(e) {
  main().replaceChildren(el("div", { class: "error" }, "Error: ", String(e.message || e)));
  setView(document.body.dataset.view || "error", "error");
}

// ---- routing -----------------------------------------------------------------------------
function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { view: parts[0] || "timeline", arg: parts.slice(1).join("/"), params: new URLSearchParams(query || "") };
}
function go(view, arg, params) {
  let h = "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "");
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v) qs.set(k, v);
  if (qs.toString()) h += "?" + qs;
  location.hash = h;
}
const ROUTES = { timeline: timelineView, event: eventView, actor: actorView, network: networkView, map: mapView, chart: chartView, search: searchView };

async function route() {
  const { view, arg, params } = parseHash();
  const fn = ROUTES[view] || timelineView;
  for (const a of document.querySelectorAll(".top nav a")) a.classList.toggle("on", a.dataset.view === view);
  routeStart = performance.now();
  setView(view, "loading");
  try {
    await fn(arg, params);
    setView(view, "ready");
  } catch (e) {
    showError(e);
  }
}

function filtersOf(params) {
  const f = {};
  for (const k of FILTER_KEYS) { const v = params.get(k); if (v) f[k] = v; }
  return f;
}

// The filter form shared by the timeline, network, map and chart views. Dates are typed and
// shown as ISO days (YYYY-MM-DD) whatever the browser's locale; the download links export
// exactly the events the filter selects.
function filterForm(view, params) {
  const f = filtersOf(params);
  const input = (name, label, type, ph, extra) => el("label", {}, label,
    el("input", Object.assign({ name, type: type || "text", value: f[name] || "", placeholder: ph || "" }, extra || {})));
  const dateAttrs = { pattern: "\\d{4}-\\d{2}-\\d{2}", inputmode: "numeric", maxlength: 10, size: 11, title: "a day as YYYY-MM-DD", autocomplete: "off" };
  const sel = el("select", { name: "type" }, el("option", { value: "" }, "any type"),
    TYPES.map(t => el("option", { value: t, selected: f.type === t ? "selected" : null }, t)));
  const problem = el("span", { class: "form-error", id: "filter-error", role: "alert" });
  const form = el("form", { class: "filters panel", id: "filters", novalidate: "novalidate" },
    input("actor", "Actor", "text", "RUS, NATO, a name…"),
    el("label", {}, "Type", sel),
    input("country", "Country (ISO3)", "text", "UKR"),
    input("place", "Place"),
    input("since", "Since", "text", "YYYY-MM-DD", dateAttrs),
    input("until", "Until", "text", "YYYY-MM-DD", dateAttrs),
    input("text", "Evidence words"),
    el("button", { type: "submit" }, "Apply"),
    el("button", { type: "button", class: "plain", onclick: () => go(view, "", {}) }, "Clear"),
    downloads(f), problem);
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = {};
    for (const [k, v] of new FormData(form)) if (String(v).trim()) p[k] = String(v).trim();
    for (const k of ["since", "until"]) {
      if (p[k] && (!ISO_DAY.test(p[k]) || isNaN(dayMs(p[k])))) {
        problem.textContent = `${k} must be a day as YYYY-MM-DD (got “${p[k]}”)`;
        form.elements[k].focus();
        return;
      }
    }
    if (p.since && p.until && p.since > p.until) { problem.textContent = "since is after until"; return; }
    go(view, "", p);
  });
  return form;
}

// Links to /api/export for the current filter, one per format.
function downloads(f) {
  const link = (format, label) => {
    const qs = new URLSearchParams(Object.assign({ format }, f));
    return el("a", { class: "button plain", href: "/api/export?" + qs, download: "", "data-format": format }, label);
  };
  return el("span", { class: "downloads", id: "downloads" }, el("span", { class: "muted" }, "Download"),
    link("csv", "CSV"), link("parquet", "Parquet"), link("jsonl", "JSONL"));
}

// ---- small renderers -----------------------------------------------------------------------
function typeBadge(t) { return el("span", { class: "type " + typeClass(t) }, t); }
function partyKey(p) { return p.entity || p.name; }
// A party by its entity's canonical name (the event's `entity_names`: "Russia"), else by the
// words of the report ("Moscow's forces"), which then show on hover.
function partyName(p, names) { return (names && p.entity && names[p.entity]) || p.name; }
function partyLinks(ps, names) {
  if (!ps || !ps.length) return [el("span", { class: "muted" }, "—")];
  const out = [];
  ps.forEach((p, i) => {
    if (i) out.push(", ");
    const name = partyName(p, names);
    const attrs = { href: "#/actor/" + encodeURIComponent(partyKey(p)), class: "party" };
    if (name !== p.name) attrs.title = "“" + p.name + "” in the report";
    out.push(el("a", attrs, name));
    if (p.country && p.country !== p.entity) out.push(el("span", { class: "muted" }, " (" + p.country + ")"));
  });
  return out;
}
function dateText(d) {
  if (!d || !d.start) return (d && d.text) || "undated";
  return d.end && d.end !== d.start ? d.start + " – " + d.end : d.start;
}
function placeText(l) { return l ? l.name + (l.country ? ", " + l.country : "") : ""; }
function figuresText(ev) {
  return (ev.magnitude || []).map(m => (m.qualifier && m.qualifier !== "exact" ? m.qualifier.replace(/_/g, " ") + " " : "") +
    (m.count === null || m.count === undefined ? "some" : m.count) + " " + m.measure +
    (m.claimed_by ? " (per " + m.claimed_by + ")" : "")).join("; ");
}

function eventTable(events) {
  const rows = events.map(ev => el("tr", { class: "row", "data-id": ev.id, onclick: () => go("event", ev.id) },
    el("td", {}, dateText(ev.date)),
    el("td", {}, typeBadge(ev.type)),
    el("td", {}, partyLinks(ev.actors, ev.entity_names), " → ", partyLinks(ev.recipients, ev.entity_names)),
    el("td", {}, placeText(ev.location)),
    el("td", {}, figuresText(ev)),
    el("td", {}, String((ev.sources || []).length))));
  for (const r of rows) for (const a of r.querySelectorAll("a")) a.addEventListener("click", e => e.stopPropagation());
  return el("table", { id: "events" },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Who → whom", "Where", "Figures (claimant)", "Sources"].map(h => el("th", {}, h)))),
    el("tbody", {}, rows));
}

// ---- views ---------------------------------------------------------------------------------
async function timelineView(_arg, params) {
  const f = filtersOf(params);
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const form = filterForm("timeline", params);
  main().replaceChildren(el("h1", {}, "Timeline"), form, el("p", { class: "muted" }, "Loading…"));
  const [page, sum] = await Promise.all([api("events", Object.assign({ limit: PAGE, offset }, f)), api("stats", f)]);
  const pager = el("div", { class: "pager" },
    el("button", { class: "plain", disabled: offset === 0 ? "disabled" : null,
      onclick: () => go("timeline", "", Object.assign({}, f, { offset: Math.max(0, offset - PAGE) || "" })) }, "‹ Earlier"),
    el("span", { class: "muted", id: "total" }, page.total
      ? `${(offset + 1).toLocaleString("en-US")}–${(offset + page.events.length).toLocaleString("en-US")} of ${plural(page.total, "event")}`
      : "no event matches"),
    el("button", { class: "plain", disabled: offset + PAGE >= page.total ? "disabled" : null,
      onclick: () => go("timeline", "", Object.assign({}, f, { offset: offset + PAGE })) }, "Later ›"));
  const series = [["hostile", "material conflict"], ["verbal", "verbal conflict / demands"], ["coop", "cooperation"]];
  const chart = sum.bins.length ? timeChart(sum, {
    id: "timeline-chart", height: 150, title: "Events per " + sum.grain,
    stacks: series.map(([c]) => ({ color: classColor(c), value: b => Object.entries(b.by_type).filter(([t]) => typeClass(t) === c).reduce((x, [, n]) => x + n, 0) })),
    label: b => `${binLabel(b, sum.grain)}: ${plural(b.events, "event")}`,
    onclick: b => go("timeline", "", Object.assign({}, f, { since: b.start, until: isoDay(new Date(dayMs(b.end) - 86400000)), offset: "" })),
  }) : null;
  const legend = el("div", { class: "legend" }, series.map(([c, l]) => el("span", {}, el("span", { class: "swatch", style: "background:" + classColor(c) }), l)),
    el("span", { class: "muted" }, `grouped by ${sum.grain}` + (sum.undated ? ` · ${plural(sum.undated, "undated event")} not shown` : "") + " · click a bar to see its events"));
  main().replaceChildren(el("h1", {}, "Timeline"), form,
    chart ? el("div", { class: "chart-wrap" }, legend, chart) : null, pager, eventTable(page.events));
}

function classColor(c) { return typeColor(c === "hostile" ? "ASSAULT" : c === "verbal" ? "ACCUSE" : "AGREE"); }

// A bin's name: the day, "week of" its Monday, the month or the year.
function binLabel(b, grain) {
  return grain === "day" ? b.start : grain === "week" ? "week of " + b.start : grain === "month" ? b.start.slice(0, 7) : b.start.slice(0, 4);
}

// Ticks of a time axis from t0 to t1 (ms): years, months or days, about `want` of them.
function timeTicks(t0, t1, want) {
  const days = (t1 - t0) / 86400000;
  const out = [];
  const d0 = new Date(t0);
  if (days > 365 * 2) {
    const step = Math.max(1, Math.ceil(days / 365 / want));
    for (let y = d0.getUTCFullYear(); ; y += 1) {
      const t = Date.UTC(y, 0, 1);
      if (t > t1) break;
      if (t >= t0 && y % step === 0) out.push([t, String(y)]);
    }
  } else if (days > 60) {
    const step = [1, 2, 3, 6].find(s => days / 30.4 / s <= want) || 12;
    for (let y = d0.getUTCFullYear(), m = d0.getUTCMonth(); ; m++) {
      const t = Date.UTC(y, m, 1);
      if (t > t1) break;
      const dm = new Date(t);
      if (t >= t0 && dm.getUTCMonth() % step === 0) out.push([t, isoDay(dm).slice(0, 7)]);
    }
  } else {
    const step = [1, 2, 7, 14].find(s => days / s <= want) || 28;
    let t = Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate());
    if (step >= 7) while (new Date(t).getUTCDay() !== 1) t += 86400000;
    for (; t <= t1; t += step * 86400000) if (t >= t0) out.push([t, isoDay(new Date(t))]);
  }
  return out;
}

// A bar chart on a real time axis: each bin is drawn over the days it covers, so a period with
// no event is an empty stretch. `stacks` are drawn bottom-up; `value(b)` gives their heights.
function timeChart(sum, o) {
  const W = 1000, H = o.height || 160, left = 48, right = 12, top = 18, bottom = 24;
  const bins = sum.bins;
  const t0 = dayMs(bins[0].start), t1 = dayMs(bins[bins.length - 1].end);
  const x = t => left + (W - left - right) * (t - t0) / Math.max(1, t1 - t0);
  const totals = bins.map(b => o.stacks.reduce((acc, st) => acc + st.value(b), 0));
  const max = Math.max(1, ...totals);
  const y = v => top + (H - top - bottom) * (1 - v / max);
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: o.id, role: "img", width: "100%", "data-grain": sum.grain });
  append(g, [svg("text", { x: left, y: 12, "font-size": 12, fill: "#667085" }, o.title + ` (max ${max.toLocaleString("en-US")})`),
    svg("line", { x1: left, y1: y(0), x2: W - right, y2: y(0), stroke: "#98a2b3" }),
    svg("line", { x1: left, y1: y(max), x2: W - right, y2: y(max), stroke: "#eef0f3" }),
    svg("text", { x: left - 6, y: y(max) + 4, "font-size": 10, "text-anchor": "end", fill: "#667085" }, max.toLocaleString("en-US")),
    svg("text", { x: left - 6, y: y(0) + 4, "font-size": 10, "text-anchor": "end", fill: "#667085" }, "0")]);
  for (const [t, label] of timeTicks(t0, t1, 12)) {
    append(g, [svg("line", { class: "tick", x1: x(t), y1: y(0), x2: x(t), y2: y(0) + 4, stroke: "#98a2b3" }),
      // A label that would run past the right edge is left out (its tick stays).
      x(t) + 6.5 * label.length < W ? svg("text", { class: "tick-label", x: x(t) + 2, y: H - 6, "font-size": 10, fill: "#667085" }, label) : null]);
  }
  bins.forEach((b, i) => {
    const xa = x(dayMs(b.start)), xb = x(dayMs(b.end));
    const w = Math.max(1, (xb - xa) * 0.85);
    const grp = svg("g", { class: "bin", "data-start": b.start, style: o.onclick ? "cursor:pointer" : null }, svg("title", {}, o.label(b)));
    let acc = 0;
    for (const st of o.stacks) {
      const v = st.value(b);
      if (v <= 0) continue;
      grp.appendChild(svg("rect", { x: xa, y: y(acc + v), width: w, height: Math.max(0.5, y(acc) - y(acc + v)), fill: st.color }));
      acc += v;
    }
    if (!acc) grp.appendChild(svg("rect", { x: xa, y: y(0) - 1, width: w, height: 1, fill: "#d0d5dd" }));
    if (o.onclick) grp.addEventListener("click", () => o.onclick(b, i));
    g.appendChild(grp);
  });
  return g;
}

// Offsets in the API are UTF-8 byte offsets; JavaScript strings index UTF-16 units.
function byteOffsetsToIndex(text, offsets) {
  const want = [...new Set(offsets)].sort((a, b) => a - b);
  const out = new Map();
  let bytes = 0, i = 0, w = 0;
  while (w < want.length) {
    while (w < want.length && want[w] <= bytes) { out.set(want[w], i); w++; }
    if (i >= text.length) break;
    const cp = text.codePointAt(i);
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp >= 0x10000 ? 2 : 1;
  }
  for (; w < want.length; w++) out.set(want[w], text.length);
  return out;
}

// The document text with the given byte spans inside <mark>, all as text nodes.
function highlighted(text, spans) {
  const idx = byteOffsetsToIndex(text, spans.flatMap(s => [s.start, s.end]));
  const ranges = spans.map(s => [idx.get(s.start), idx.get(s.end)]).filter(r => r[1] > r[0]).sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
  }
  const box = el("div", { class: "doc" });
  let at = 0;
  for (const [a, b] of merged) {
    if (a > at) box.appendChild(document.createTextNode(text.slice(at, a)));
    box.appendChild(el("mark", { class: "evidence" }, text.slice(a, b)));
    at = b;
  }
  if (at < text.length) box.appendChild(document.createTextNode(text.slice(at)));
  return box;
}

// Reports whose text is shown at once on an event page; the others load on request.
const DOCS_SHOWN = 4;

async function eventView(id) {
  const ev = await api("events/" + encodeURIComponent(id));
  const facts = el("dl", { class: "facts" },
    el("dt", {}, "Type"), el("dd", {}, typeBadge(ev.type), (ev.mode || []).length ? " " + ev.mode.join(", ") : "", ev.aux ? " (" + ev.aux + ")" : ""),
    el("dt", {}, "When"), el("dd", {}, dateText(ev.date), ev.date && ev.date.text ? el("span", { class: "muted" }, " “" + ev.date.text + "”") : null),
    el("dt", {}, "Where"), el("dd", {}, placeText(ev.location) || "—"),
    el("dt", {}, "Actors"), el("dd", {}, partyLinks(ev.actors, ev.entity_names)),
    el("dt", {}, "Recipients"), el("dd", {}, partyLinks(ev.recipients, ev.entity_names)),
    el("dt", {}, "Figures"), el("dd", {}, figuresText(ev) || "—"),
    el("dt", {}, "Claimed by"), el("dd", {}, (ev.claimed_by || []).map(c => c.name).join(", ") || "—"),
    el("dt", {}, "Confidence"), el("dd", {}, Number(ev.confidence).toFixed(2), el("span", { class: "muted" }, " rule " + ev.rule)),
    el("dt", {}, "Id"), el("dd", { class: "muted id" }, ev.id));
  const srcs = ev.sources || [];
  // Every source is a link to its URL when it has one (http/https only), else its title.
  const sourceLink = s => s.url && safeHref(s.url)
    ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank", class: "source-link" }, s.title || s.url)
    : el("span", {}, s.title || s.doc);
  const sources = el("ul", { class: "plain sources", id: "sources" }, srcs.map(s => el("li", {},
    sourceLink(s), el("span", { class: "muted" }, " — " + [s.source, s.published, s.doc].filter(Boolean).join(" · ")))));
  const names = ps => (ps || []).map(p => partyName(p, ev.entity_names)).join(", ");
  main().replaceChildren(
    el("h1", { class: "event-title" }, ev.type + ": ", names(ev.actors) || "?", " → ", names(ev.recipients) || "—"),
    el("div", { class: "cols" }, el("div", { class: "panel" }, facts),
      el("div", { class: "panel" }, el("h2", {}, plural(srcs.length, "source")), sources)),
    el("h2", {}, "Evidence in context"),
    el("div", { id: "evidence" }, el("p", { class: "muted" }, "Loading documents…")));
  const byDoc = new Map();
  for (const e of ev.evidence || []) { if (!byDoc.has(e.doc)) byDoc.set(e.doc, []); byDoc.get(e.doc).push(e); }
  const meta = new Map(srcs.map(s => [s.doc, s]));
  const entries = [...byDoc.entries()];
  const block = async ([docId, spans]) => {
    let doc = null;
    try { doc = await api("documents/" + encodeURIComponent(docId)); } catch (_) { /* shown below */ }
    const m = meta.get(docId) || { doc: docId, url: doc && doc.url, title: doc && doc.title };
    const head = el("h2", {}, sourceLink(Object.assign({}, m, { title: (doc && doc.title) || m.title || docId })),
      el("span", { class: "muted" }, doc && doc.published ? "  " + doc.published : ""));
    if (!doc) return el("div", { class: "panel" }, head, spans.map(s => el("p", {}, el("mark", { class: "evidence" }, s.text))));
    // The text scrolls inside its box, so a long report or many reports keep the page short.
    return el("div", { class: "panel", "data-doc": docId }, head, highlighted(doc.text, spans));
  };
  const first = await Promise.all(entries.slice(0, DOCS_SHOWN).map(block));
  const rest = entries.slice(DOCS_SHOWN);
  const more = rest.length ? el("button", { class: "plain", id: "more-docs", onclick: async () => {
    more.disabled = true;
    const blocks = await Promise.all(rest.map(block));
    more.replaceWith(...blocks);
    for (const b of blocks) centreMark(b);
  } }, `Show the other ${plural(rest.length, "report")}`) : null;
  document.getElementById("evidence").replaceChildren(...first, ...(more ? [more] : []));
  for (const b of first) centreMark(b);
}

// Scrolls a report's text box (not the page) to its first highlighted evidence.
function centreMark(block) {
  const box = block.querySelector(".doc"), mark = block.querySelector("mark.evidence");
  if (box && mark) box.scrollTop = Math.max(0, mark.offsetTop - box.clientHeight / 3);
}

async function actorView(key) {
  const [ents, page] = await Promise.all([api("entities", { actor: key, limit: 20 }), api("events", { actor: key, limit: PAGE })]);
  const a = ents.actors.find(x => x.entity === key || x.name === key || x.key === key || x.country === key) || ents.actors[0];
  const roles = new Set();
  for (const ev of page.events) for (const p of [...(ev.actors || []), ...(ev.recipients || [])]) if (partyKey(p) === key && p.role) roles.add(p.role);
  const h = el("h1", {}, a ? a.name : key, a && a.country ? el("span", { class: "muted" }, " (" + a.country + ")") : null);
  if (!a) { main().replaceChildren(h, el("p", { class: "muted" }, "No stored event names this actor.")); return; }
  const byType = el("table", {}, el("tbody", {}, Object.entries(a.by_type).map(([t, n]) => el("tr", {}, el("td", {}, typeBadge(t)), el("td", {}, String(n))))));
  const cps = el("ul", { class: "plain" }, a.counterparties.map(([k, n]) => el("li", {}, el("a", { href: "#/actor/" + encodeURIComponent(k) }, k), el("span", { class: "muted" }, " " + plural(n, "event")))));
  main().replaceChildren(h,
    el("div", { class: "cols" },
      el("div", { class: "panel" }, el("dl", { class: "facts" },
        el("dt", {}, "Roles"), el("dd", {}, [...roles].join("; ") || "—"),
        el("dt", {}, "As actor"), el("dd", {}, plural(a.as_actor, "event")),
        el("dt", {}, "As recipient"), el("dd", {}, plural(a.as_recipient, "event")),
        el("dt", {}, "Entity"), el("dd", { class: "muted" }, a.entity || "—")),
        el("h2", {}, "Events acted in, by type"), byType),
      el("div", { class: "panel" }, el("h2", {}, "Counterparties"), cps,
        el("p", {}, el("a", { href: "#/network?actor=" + encodeURIComponent(key) }, "Network around this actor")))),
    el("h2", {}, plural(page.total, "event") + (page.total > page.events.length ? ` (first ${page.events.length.toLocaleString("en-US")} shown)` : "")), eventTable(page.events));
}

const TOP_CHOICES = [10, 20, 30, 50, 100];

async function networkView(_arg, params) {
  const f = filtersOf(params);
  const top = TOP_CHOICES.includes(Number(params.get("top"))) ? Number(params.get("top")) : 30;
  const form = filterForm("network", params);
  main().replaceChildren(el("h1", {}, "Who did what to whom"), form, el("p", { class: "muted" }, "Loading…"));
  const net = await api("network", top === 30 ? f : Object.assign({ top }, f));
  const nodes = net.nodes;
  const ids = new Set(nodes.map(n => n.id));
  // The strongest links only (the API gives them busiest first): more is a hairball.
  const linked = net.edges.filter(e => ids.has(e.source) && ids.has(e.target));
  const edges = linked.slice(0, Math.max(40, nodes.length * 3));
  const W = 1000, H = 640;
  // Circular start (busiest first), then a few hundred steps of a simple spring layout.
  const pos = new Map();
  nodes.forEach((n, i) => {
    const a = 2 * Math.PI * i / Math.max(1, nodes.length);
    pos.set(n.id, { x: W / 2 + 260 * Math.cos(a), y: H / 2 + 260 * Math.sin(a) });
  });
  const steps = nodes.length > 60 ? 150 : 300;
  for (let step = 0; step < steps; step++) {
    const force = new Map(nodes.map(n => [n.id, { x: 0, y: 0 }]));
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
      const a = pos.get(nodes[i].id), b = pos.get(nodes[j].id);
      let dx = a.x - b.x, dy = a.y - b.y; const d2 = Math.max(dx * dx + dy * dy, 100);
      const k = 9000 / d2; const d = Math.sqrt(d2); dx /= d; dy /= d;
      force.get(nodes[i].id).x += dx * k; force.get(nodes[i].id).y += dy * k;
      force.get(nodes[j].id).x -= dx * k; force.get(nodes[j].id).y -= dy * k;
    }
    for (const e of edges) {
      const a = pos.get(e.source), b = pos.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y; const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const k = (d - 140) * 0.02;
      force.get(e.source).x += dx / d * k; force.get(e.source).y += dy / d * k;
      force.get(e.target).x -= dx / d * k; force.get(e.target).y -= dy / d * k;
    }
    for (const n of nodes) {
      const p = pos.get(n.id), fo = force.get(n.id);
      p.x += Math.max(-10, Math.min(10, fo.x + (W / 2 - p.x) * 0.005));
      p.y += Math.max(-10, Math.min(10, fo.y + (H / 2 - p.y) * 0.005));
      p.x = Math.max(40, Math.min(W - 40, p.x)); p.y = Math.max(20, Math.min(H - 20, p.y));
    }
  }
  // Spread the result over the drawing (a dense graph pulls itself into a ball).
  const xs = nodes.map(n => pos.get(n.id).x), ys = nodes.map(n => pos.get(n.id).y);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const n of nodes) {
    const p = pos.get(n.id);
    p.x = 50 + (W - 190) * (maxX > minX ? (p.x - minX) / (maxX - minX) : 0.5);
    p.y = 30 + (H - 60) * (maxY > minY ? (p.y - minY) / (maxY - minY) : 0.5);
  }
  const maxE = Math.max(1, ...edges.map(e => e.events));
  const maxN = Math.max(1, ...nodes.map(n => n.events));
  const nameOf = new Map(nodes.map(n => [n.id, n.name]));
  const dominant = e => Object.entries(e.by_type).sort((a, b) => b[1] - a[1])[0][0];
  const edgeEls = edges.map(e => {
    const a = pos.get(e.source), b = pos.get(e.target), t = dominant(e);
    return svg("line", { class: "edge", "data-source": e.source, "data-target": e.target, x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: typeColor(t), "stroke-opacity": 0.7,
      "stroke-width": 0.8 + 3.5 * e.events / maxE, "marker-end": `url(#arrow-${typeClass(t)})` },
      svg("title", {}, `${nameOf.get(e.source)} → ${nameOf.get(e.target)}: ${plural(e.events, "event")} (` + Object.entries(e.by_type).map(([k, v]) => k + " " + v).join(", ") + ")"));
  });
  const nodeEls = nodes.map(n => {
    const p = pos.get(n.id);
    const grp = svg("g", { class: "node", "data-id": n.id, "data-name": n.name.toLowerCase(), style: "cursor:pointer" },
      svg("circle", { cx: p.x, cy: p.y, r: 5 + 14 * Math.sqrt(n.events / maxN), fill: "#1f4e79", "fill-opacity": 0.85 }),
      svg("text", { x: p.x + 10, y: p.y + 4, "font-size": 12, fill: "#1d2430" }, n.name),
      svg("title", {}, `${n.name}${n.country ? " (" + n.country + ")" : ""}: ${plural(n.events, "event")}, ${n.as_actor.toLocaleString("en-US")} as actor, ${n.as_recipient.toLocaleString("en-US")} as recipient`));
    grp.addEventListener("click", () => go("actor", n.id));
    return grp;
  });
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "network", role: "img" },
    svg("defs", {}, ["hostile", "verbal", "coop"].map(c => svg("marker", { id: "arrow-" + c, viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" },
      svg("path", { d: "M0 0L10 5L0 10z", fill: classColor(c) })))),
    edgeEls, nodeEls);
  // Highlight: the actors whose name contains the words, their links, and dims the rest.
  const find = el("input", { type: "search", id: "net-find", placeholder: "Highlight actors…", "aria-label": "Highlight actors by name" });
  find.addEventListener("input", () => {
    const q = find.value.trim().toLowerCase();
    const hit = new Set(q ? nodes.filter(n => n.name.toLowerCase().includes(q) || n.id.toLowerCase().includes(q)).map(n => n.id) : []);
    for (const n of nodeEls) n.classList.toggle("dim", q !== "" && !hit.has(n.dataset.id));
    for (const e of edgeEls) e.classList.toggle("dim", q !== "" && !hit.has(e.dataset.source) && !hit.has(e.dataset.target));
  });
  const topSel = el("select", { id: "net-top", "aria-label": "Actors shown" }, TOP_CHOICES.map(n => el("option", { value: n, selected: n === top ? "selected" : null }, `top ${n}`)));
  topSel.addEventListener("change", () => go("network", "", Object.assign({}, f, { top: topSel.value === "30" ? "" : topSel.value })));
  const legend = el("div", { class: "legend" },
    [["hostile", "material conflict"], ["verbal", "verbal conflict / demands"], ["coop", "cooperation"]].map(([c, l]) =>
      el("span", {}, el("span", { class: "swatch", style: "background:" + classColor(c) }), l)),
    el("span", { class: "muted", id: "net-summary" }, `the ${plural(nodes.length, "busiest actor")} of ${net.actors.toLocaleString("en-US")} and ${plural(edges.length, "link")} among them` +
      (linked.length > edges.length || (net.truncated && net.edges.length >= 400) ? " (the strongest links only)" : "") + " · circle size: events taken part in · click an actor for its page"),
    topSel, find);
  main().replaceChildren(el("h1", {}, "Who did what to whom"), form, legend,
    nodes.length ? el("div", { class: "net-wrap" }, g) : el("p", { class: "muted" }, "No actor→recipient event matches."));
}

let worldPath = null;

// Places within this many screen pixels of each other are drawn as one circle.
const CLUSTER_PX = 40;

// Groups places into circles on a grid of cells CLUSTER_PX screen pixels wide at the current
// zoom (`unit` map units per pixel): a circle sits at its places' event-weighted centre.
function clusterPlaces(places, unit) {
  const cell = CLUSTER_PX * unit;
  const cells = new Map();
  for (const p of places) {
    const x = p.lon + 180, y = 90 - p.lat;
    const k = Math.floor(x / cell) + ":" + Math.floor(y / cell);
    let c = cells.get(k);
    if (!c) { c = { x: 0, y: 0, events: 0, hostile: 0, places: [] }; cells.set(k, c); }
    c.x += x * p.events; c.y += y * p.events; c.events += p.events; c.hostile += p.hostile; c.places.push(p);
  }
  return [...cells.values()].map(c => Object.assign(c, { x: c.x / c.events, y: c.y / c.events }));
}

async function mapView(_arg, params) {
  const f = filtersOf(params);
  const form = filterForm("map", params);
  main().replaceChildren(el("h1", {}, "Map of located events"), form, el("p", { class: "muted" }, "Loading…"));
  const [path, data] = await Promise.all([
    worldPath === null ? fetch("/world-110m.path").then(r => r.text()) : Promise.resolve(worldPath),
    api("map", f)]);
  worldPath = path.trim();
  const places = data.places;
  let maxEvents = Math.max(1, ...places.map(p => p.events));
  // Circle radius in screen pixels, by area: 3 px for one event up to 19 px for the busiest
  // circle at the starting zoom (the scale then stays, so sizes compare across zooms).
  const radius = n => 3 + 16 * Math.sqrt(n / maxEvents);
  const shade = share => share >= 0.5 ? "#c0392b" : share >= 0.25 ? "#d98324" : "#1f4e79";
  // Start zoomed to the places with a margin (equirectangular: x = lon + 180, y = 90 - lat).
  let home = { x: 0, y: 0, w: 360, h: 180 };
  if (places.length) {
    const xs = places.map(p => p.lon + 180), ys = places.map(p => 90 - p.lat);
    let x0 = Math.max(0, Math.min(...xs) - 15), x1 = Math.min(360, Math.max(...xs) + 15);
    let y0 = Math.max(0, Math.min(...ys) - 10), y1 = Math.min(180, Math.max(...ys) + 10);
    const w = x1 - x0, h = y1 - y0;
    if (w < h * 2) { const c = (x0 + x1) / 2; x0 = c - h; x1 = c + h; } else { const c = (y0 + y1) / 2; y0 = c - w / 4; y1 = c + w / 4; }
    home = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }
  let view = Object.assign({}, home);
  const outline = svg("path", { d: worldPath, fill: "#f8fafc", stroke: "#8aa0b6", "stroke-linejoin": "round", "vector-effect": "non-scaling-stroke" });
  const layer = svg("g", { id: "clusters" });
  const m = svg("svg", { id: "map", role: "img", preserveAspectRatio: "xMidYMid meet" },
    svg("rect", { x: -360, y: -180, width: 1080, height: 540, fill: "#eef4fa" }), outline, layer);
  const wrap = el("div", { class: "map-wrap" }, m);
  const status = el("span", { class: "muted", id: "map-zoom" });
  const draw = () => {
    m.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`);
    const px = m.getBoundingClientRect().width || 1000;
    const unit = view.w / px;
    const circles = clusterPlaces(places, unit);
    layer.replaceChildren(...circles.sort((a, b) => b.events - a.events).map(c => {
      const hostileShare = c.hostile / c.events;
      const r = radius(c.events) * unit;
      const label = c.places.length === 1
        ? `${c.places[0].place || "?"}${c.places[0].country ? ", " + c.places[0].country : ""}: ${plural(c.events, "event")}`
        : `${plural(c.places.length, "place")}, ${plural(c.events, "event")} (busiest: ${c.places.slice().sort((a, b) => b.events - a.events).slice(0, 3).map(p => p.place || "?").join(", ")})`;
      const grp = svg("g", { class: "cluster", "data-events": c.events, "data-places": c.places.length, style: "cursor:pointer" },
        svg("circle", { cx: c.x, cy: c.y, r, fill: shade(hostileShare), "fill-opacity": 0.72, stroke: "#fff", "stroke-width": unit }),
        c.places.length > 1 && r / unit >= 9 ? svg("text", { x: c.x, y: c.y + 3.5 * unit, "font-size": 10 * unit, "text-anchor": "middle", fill: "#fff", "pointer-events": "none" },
          c.events >= 10000 ? Math.round(c.events / 1000) + "k" : c.events >= 1000 ? (c.events / 1000).toFixed(1) + "k" : String(c.events)) : null,
        svg("title", {}, label + (c.places.length > 1 ? " · click to zoom in" : " · click for its events")));
      grp.addEventListener("click", () => {
        if (c.places.length === 1) go("timeline", "", Object.assign({}, f, { place: c.places[0].place || "", country: c.places[0].country || f.country || "" }));
        else zoom(1 / 3, c.x, c.y);
      });
      return grp;
    }));
    status.textContent = `zoom ×${(home.w / view.w).toFixed(1)} · ${plural(circles.length, "circle")}`;
  };
  const zoom = (k, cx, cy) => {
    const w = Math.min(720, Math.max(0.5, view.w * k)), h = w / 2;
    if (cx === undefined) { cx = view.x + view.w / 2; cy = view.y + view.h / 2; }
    view = { x: cx - w / 2, y: cy - h / 2, w, h };
    draw();
  };
  m.addEventListener("wheel", ev => {
    ev.preventDefault();
    const r = m.getBoundingClientRect();
    const cx = view.x + view.w * (ev.clientX - r.left) / r.width, cy = view.y + view.h * (ev.clientY - r.top) / r.height;
    const k = ev.deltaY > 0 ? 1.25 : 0.8;
    const w = Math.min(720, Math.max(0.5, view.w * k)), h = w / 2;
    view = { x: cx - (cx - view.x) * w / view.w, y: cy - (cy - view.y) * h / view.h, w, h };
    draw();
  }, { passive: false });
  let drag = null;
  m.addEventListener("pointerdown", ev => { drag = { x: ev.clientX, y: ev.clientY, v: Object.assign({}, view), moved: false }; });
  m.addEventListener("pointermove", ev => {
    if (!drag) return;
    const r = m.getBoundingClientRect();
    const dx = (ev.clientX - drag.x) * view.w / r.width, dy = (ev.clientY - drag.y) * view.h / r.height;
    if (Math.abs(ev.clientX - drag.x) + Math.abs(ev.clientY - drag.y) > 3) drag.moved = true;
    if (drag.moved) { view = Object.assign({}, drag.v, { x: drag.v.x - dx, y: drag.v.y - dy }); m.setAttribute("viewBox", `${view.x} ${view.y} ${view.w} ${view.h}`); }
  });
  const endDrag = () => { if (drag && drag.moved) draw(); drag = null; };
  m.addEventListener("pointerup", endDrag);
  m.addEventListener("pointerleave", endDrag);
  // The size scale: the busiest circle at the starting zoom.
  {
    const px = Math.max(300, main().getBoundingClientRect().width - 50);
    maxEvents = Math.max(1, ...clusterPlaces(places, home.w / px).map(c => c.events));
  }
  // The legend: colour by kind, and circle sizes for round numbers of events.
  const sizes = [1, 10, 100, 1000, 10000, 100000].filter(n => n <= maxEvents);
  if (sizes[sizes.length - 1] !== maxEvents) sizes.push(maxEvents);
  const keep = sizes.length > 4 ? [sizes[0], sizes[Math.floor(sizes.length / 2)], sizes[sizes.length - 1]] : sizes;
  const legendSvg = svg("svg", { width: 60 * keep.length, height: 48, class: "size-legend" },
    keep.map((n, i) => [svg("circle", { cx: 30 + 60 * i, cy: 22, r: radius(n), fill: "none", stroke: "#667085" }),
      svg("text", { x: 30 + 60 * i, y: 46, "font-size": 10, "text-anchor": "middle", fill: "#667085" }, n.toLocaleString("en-US"))]));
  const legend = el("div", { class: "legend map-legend", id: "map-legend" },
    el("span", {}, el("span", { class: "swatch", style: "background:#c0392b" }), "material conflict ≥ 50%"),
    el("span", {}, el("span", { class: "swatch", style: "background:#d98324" }), "25–50%"),
    el("span", {}, el("span", { class: "swatch", style: "background:#1f4e79" }), "< 25%"),
    el("span", { class: "muted" }, "circle area: events (nearby places are grouped; zoom in to split them)"), legendSvg,
    el("span", { class: "zoom-buttons" },
      el("button", { type: "button", class: "plain", id: "zoom-in", "aria-label": "Zoom in", onclick: () => zoom(1 / 2) }, "+"),
      el("button", { type: "button", class: "plain", id: "zoom-out", "aria-label": "Zoom out", onclick: () => zoom(2) }, "−"),
      el("button", { type: "button", class: "plain", id: "zoom-reset", onclick: () => { view = Object.assign({}, home); draw(); } }, "Reset")), status);
  main().replaceChildren(el("h1", {}, "Map of located events"), form, legend,
    el("p", { class: "muted", id: "map-summary" }, `${plural(data.located, "located event")} at ${plural(data.places_total, "place")}` +
      (data.truncated ? ` (the ${data.places.length.toLocaleString("en-US")} busiest places drawn)` : "") + ". Borders: Natural Earth 1:110m via world-atlas."),
    wrap);
  draw();
}

async function chartView(_arg, params) {
  const f = filtersOf(params);
  const form = filterForm("chart", params);
  main().replaceChildren(el("h1", {}, "Strikes and reported casualties"), form, el("p", { class: "muted" }, "Loading…"));
  const sum = await api("stats", f);
  const bins = sum.bins;
  // Claimants by their total killed; each bin shows every claimant's own figure side by side.
  const totals = new Map(sum.claimants.map(c => [c.name, c.killed]));
  const names = sum.claimants.map(c => c.name).slice(0, 8);
  const palette = ["#c0392b", "#1f4e79", "#b7791f", "#2e8b57", "#7b3fa0", "#0e7c86", "#6b7280", "#d35400"];
  const color = who => palette[names.indexOf(who)] || "#9ca3af";
  const per = sum.grain;
  const open = b => go("timeline", "", Object.assign({}, f, { type: "ASSAULT", since: b.start, until: isoDay(new Date(dayMs(b.end) - 86400000)) }));
  const assaults = bins.some(b => b.assaults) ? timeChart(sum, {
    id: "chart", height: 170, title: `Assaults per ${per}`,
    stacks: [{ color: "#1f4e79", value: b => b.assaults }],
    label: b => `${binLabel(b, per)}: ${plural(b.assaults, "assault")}`, onclick: open }) : null;
  // Figures are never added across claimants: a bar spans the lowest to the highest total the
  // sources give (dark to light), its tooltip lists each claimant's own total, and the table
  // below sums each claimant's figures separately.
  const killed = bins.some(b => b.killed_high) ? timeChart(sum, {
    id: "casualty-chart", height: 220, title: `Reported killed per ${per} (highest figure across sources)`,
    stacks: [{ color: "#c0392b", value: b => b.killed_low }, { color: "#f1a99f", value: b => b.killed_high - b.killed_low }],
    label: b => `${binLabel(b, per)}: ${b.killed_low === b.killed_high ? b.killed_low : b.killed_low + "–" + b.killed_high} killed` +
      (Object.keys(b.killed_by_claimant).length ? "; according to " + Object.entries(b.killed_by_claimant).sort((x, y) => y[1] - x[1]).map(([w, n]) => `${w} ${n}`).join(", ") : ""),
    onclick: open }) : null;
  const claimantTable = names.length ? el("table", { id: "claimants" },
    el("thead", {}, el("tr", {}, el("th", {}, "Claimant"), el("th", {}, "Killed, summed over events (each claimant's largest figure per event)"))),
    el("tbody", {}, names.map(w => el("tr", {}, el("td", {}, el("span", { class: "swatch", style: "background:" + color(w) }), w), el("td", {}, totals.get(w).toLocaleString("en-US")))))) : null;
  const legend = el("div", { class: "legend" },
    el("span", {}, el("span", { class: "swatch", style: "background:#c0392b" }), "killed, lowest figure across sources"),
    el("span", {}, el("span", { class: "swatch", style: "background:#f1a99f" }), "up to the highest figure"),
    el("span", { class: "muted" }, `grouped by ${per} · click a bar for its assaults`));
  main().replaceChildren(el("h1", {}, "Strikes and reported casualties"), form,
    assaults ? el("div", { class: "chart-wrap" }, legend, assaults, killed) : el("p", { class: "muted" }, "No dated assault matches."),
    claimantTable ? el("h2", {}, "Killed according to each claimant" + (sum.claimants_total > names.length ? ` (the ${names.length} of ${sum.claimants_total.toLocaleString("en-US")} who reported most)` : "")) : null, claimantTable,
    el("p", { class: "muted" }, "Sources disagree: the bars show the range between the lowest and the highest figure given for each event; each claimant's own figures are listed, never added across claimants."));
}

async function searchView(_arg, params) {
  const q = params.get("q") || "";
  document.querySelector("#search input").value = q;
  main().replaceChildren(el("h1", {}, "Search: ", q), el("p", { class: "muted" }, "Searching…"));
  const r = await api("search", { q, limit: 50 });
  // Snippets mark matches with [brackets]; they become <mark> elements, the rest stays text.
  const snippet = s => s.split(/(\[[^\]]*\])/).map(part => part.startsWith("[") && part.endsWith("]") ? el("mark", {}, part.slice(1, -1)) : part);
  main().replaceChildren(el("h1", {}, "Search: ", q),
    r.hits.length ? el("div", { class: "panel" }, r.hits.map(h => el("div", { class: "hit" },
      h.event ? el("a", { href: "#/event/" + encodeURIComponent(h.event) }, h.title || h.doc) : el("strong", {}, h.title || h.doc),
      el("span", { class: "muted" }, " " + h.kind + (h.published ? " · " + h.published : "")),
      el("div", {}, snippet(h.snippet))))) : el("p", { class: "muted" }, "No match."));
}

async function showCounts() {
  try {
    const c = await api("counts");
    document.getElementById("counts").textContent = `${plural(c.documents, "document")} · ${plural(c.events, "event")}`;
  } catch (_) { /* the header count is optional */ }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search").addEventListener("submit", ev => {
    ev.preventDefault();
    const q = new FormData(ev.target).get("q");
    if (String(q).trim()) go("search", "", { q: String(q).trim() });
  });
  window.addEventListener("hashchange", route);
  showCounts();
  route();
});
