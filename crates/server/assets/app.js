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
}

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

// The filter form shared by the timeline, network, map and chart views.
function filterForm(view, params) {
  const f = filtersOf(params);
  const input = (name, label, type, ph) => el("label", {}, label,
    el("input", { name, type: type || "text", value: f[name] || "", placeholder: ph || "" }));
  const sel = el("select", { name: "type" }, el("option", { value: "" }, "any type"),
    TYPES.map(t => el("option", { value: t, selected: f.type === t ? "selected" : null }, t)));
  const form = el("form", { class: "filters panel", id: "filters" },
    input("actor", "Actor", "text", "RUS, NATO, a name…"),
    el("label", {}, "Type", sel),
    input("country", "Country (ISO3)", "text", "UKR"),
    input("place", "Place"),
    input("since", "Since", "date"),
    input("until", "Until", "date"),
    input("text", "Evidence words"),
    el("button", { type: "submit" }, "Apply"),
    el("button", { type: "button", class: "plain", onclick: () => go(view, "", {}) }, "Clear"));
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const p = {};
    for (const [k, v] of new FormData(form)) if (String(v).trim()) p[k] = String(v).trim();
    go(view, "", p);
  });
  return form;
}

// ---- small renderers -----------------------------------------------------------------------
function typeBadge(t) { return el("span", { class: "type " + typeClass(t) }, t); }
function partyKey(p) { return p.entity || p.name; }
function partyLinks(ps) {
  if (!ps || !ps.length) return [el("span", { class: "muted" }, "—")];
  const out = [];
  ps.forEach((p, i) => {
    if (i) out.push(", ");
    out.push(el("a", { href: "#/actor/" + encodeURIComponent(partyKey(p)) }, p.name));
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
    el("td", {}, partyLinks(ev.actors), " → ", partyLinks(ev.recipients)),
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
  const page = await api("events", Object.assign({ limit: PAGE, offset }, f));
  const pager = el("div", { class: "pager" },
    el("button", { class: "plain", disabled: offset === 0 ? "disabled" : null,
      onclick: () => go("timeline", "", Object.assign({}, f, { offset: Math.max(0, offset - PAGE) || "" })) }, "‹ Earlier"),
    el("span", { class: "muted", id: "total" }, page.total ? `${offset + 1}–${offset + page.events.length} of ${page.total} events` : "no event matches"),
    el("button", { class: "plain", disabled: offset + PAGE >= page.total ? "disabled" : null,
      onclick: () => go("timeline", "", Object.assign({}, f, { offset: offset + PAGE })) }, "Later ›"));
  main().replaceChildren(el("h1", {}, "Timeline"), form, pager, eventTable(page.events));
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

async function eventView(id) {
  const ev = await api("events/" + encodeURIComponent(id));
  const facts = el("dl", { class: "facts" },
    el("dt", {}, "Type"), el("dd", {}, typeBadge(ev.type), (ev.mode || []).length ? " " + ev.mode.join(", ") : "", ev.aux ? " (" + ev.aux + ")" : ""),
    el("dt", {}, "When"), el("dd", {}, dateText(ev.date), ev.date && ev.date.text ? el("span", { class: "muted" }, " “" + ev.date.text + "”") : null),
    el("dt", {}, "Where"), el("dd", {}, placeText(ev.location) || "—"),
    el("dt", {}, "Actors"), el("dd", {}, partyLinks(ev.actors)),
    el("dt", {}, "Recipients"), el("dd", {}, partyLinks(ev.recipients)),
    el("dt", {}, "Figures"), el("dd", {}, figuresText(ev) || "—"),
    el("dt", {}, "Claimed by"), el("dd", {}, (ev.claimed_by || []).map(c => c.name).join(", ") || "—"),
    el("dt", {}, "Confidence"), el("dd", {}, Number(ev.confidence).toFixed(2), el("span", { class: "muted" }, " rule " + ev.rule)),
    el("dt", {}, "Id"), el("dd", { class: "muted" }, ev.id));
  const sources = el("ul", { class: "plain" }, (ev.sources || []).map(s => el("li", {},
    s.url && safeHref(s.url) ? el("a", { href: s.url, rel: "noopener noreferrer", target: "_blank" }, s.title || s.doc) : el("span", {}, s.title || s.doc),
    el("span", { class: "muted" }, " — " + [s.source, s.published, s.doc].filter(Boolean).join(" · ")))));
  main().replaceChildren(
    el("h1", {}, ev.type + ": ", (ev.actors || []).map(p => p.name).join(", ") || "?", " → ", (ev.recipients || []).map(p => p.name).join(", ") || "—"),
    el("div", { class: "cols" }, el("div", { class: "panel" }, facts), el("div", { class: "panel" }, el("h2", {}, "Sources"), sources)),
    el("h2", {}, "Evidence in context"),
    el("div", { id: "evidence" }, el("p", { class: "muted" }, "Loading documents…")));
  const byDoc = new Map();
  for (const e of ev.evidence || []) { if (!byDoc.has(e.doc)) byDoc.set(e.doc, []); byDoc.get(e.doc).push(e); }
  const blocks = [];
  for (const [docId, spans] of byDoc) {
    let doc = null;
    try { doc = await api("documents/" + encodeURIComponent(docId)); } catch (_) { /* shown below */ }
    const head = el("h2", {}, doc && doc.title ? doc.title : docId, el("span", { class: "muted" }, doc && doc.published ? "  " + doc.published : ""));
    if (!doc) {
      blocks.push(el("div", { class: "panel" }, head, spans.map(s => el("p", {}, el("mark", { class: "evidence" }, s.text)))));
      continue;
    }
    blocks.push(el("div", { class: "panel", "data-doc": docId }, head, highlighted(doc.text, spans)));
  }
  document.getElementById("evidence").replaceChildren(...blocks);
  const first = document.querySelector("mark.evidence");
  if (first && first.scrollIntoView) first.scrollIntoView({ block: "center" });
}

async function actorView(key) {
  const [ents, page] = await Promise.all([api("entities", { actor: key, limit: 20 }), api("events", { actor: key, limit: 200 })]);
  const a = ents.actors.find(x => x.entity === key || x.name === key || x.key === key || x.country === key) || ents.actors[0];
  const roles = new Set();
  for (const ev of page.events) for (const p of [...(ev.actors || []), ...(ev.recipients || [])]) if (partyKey(p) === key && p.role) roles.add(p.role);
  const h = el("h1", {}, a ? a.name : key, a && a.country ? el("span", { class: "muted" }, " (" + a.country + ")") : null);
  if (!a) { main().replaceChildren(h, el("p", { class: "muted" }, "No stored event names this actor.")); return; }
  const byType = el("table", {}, el("tbody", {}, Object.entries(a.by_type).map(([t, n]) => el("tr", {}, el("td", {}, typeBadge(t)), el("td", {}, String(n))))));
  const cps = el("ul", { class: "plain" }, a.counterparties.map(([k, n]) => el("li", {}, el("a", { href: "#/actor/" + encodeURIComponent(k) }, k), el("span", { class: "muted" }, " " + n + " events"))));
  main().replaceChildren(h,
    el("div", { class: "cols" },
      el("div", { class: "panel" }, el("dl", { class: "facts" },
        el("dt", {}, "Roles"), el("dd", {}, [...roles].join("; ") || "—"),
        el("dt", {}, "As actor"), el("dd", {}, String(a.as_actor)),
        el("dt", {}, "As recipient"), el("dd", {}, String(a.as_recipient)),
        el("dt", {}, "Entity"), el("dd", { class: "muted" }, a.entity || "—")),
        el("h2", {}, "Events acted in, by type"), byType),
      el("div", { class: "panel" }, el("h2", {}, "Counterparties"), cps,
        el("p", {}, el("a", { href: "#/network?actor=" + encodeURIComponent(key) }, "Network around this actor")))),
    el("h2", {}, `Events (${page.total})`), eventTable(page.events));
}

async function networkView(_arg, params) {
  const f = filtersOf(params);
  const form = filterForm("network", params);
  main().replaceChildren(el("h1", {}, "Who did what to whom"), form, el("p", { class: "muted" }, "Loading…"));
  const net = await api("network", Object.assign({ limit: 300 }, f));
  const nodes = net.nodes.slice(0, 80);
  const ids = new Set(nodes.map(n => n.id));
  const edges = net.edges.filter(e => ids.has(e.source) && ids.has(e.target));
  const W = 1000, H = 640;
  // Circular start, then a few hundred steps of a simple spring layout.
  const pos = new Map();
  nodes.forEach((n, i) => {
    const a = 2 * Math.PI * i / Math.max(1, nodes.length);
    pos.set(n.id, { x: W / 2 + 260 * Math.cos(a), y: H / 2 + 260 * Math.sin(a) });
  });
  for (let step = 0; step < 300; step++) {
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
  const maxE = Math.max(1, ...edges.map(e => e.events));
  const dominant = e => Object.entries(e.by_type).sort((a, b) => b[1] - a[1])[0][0];
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "network", role: "img" },
    svg("defs", {}, ["hostile", "verbal", "coop"].map(c => svg("marker", { id: "arrow-" + c, viewBox: "0 0 10 10", refX: 18, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse" },
      svg("path", { d: "M0 0L10 5L0 10z", fill: typeColor(c === "hostile" ? "ASSAULT" : c === "verbal" ? "ACCUSE" : "AGREE") })))),
    edges.map(e => {
      const a = pos.get(e.source), b = pos.get(e.target), t = dominant(e);
      return svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: typeColor(t), "stroke-opacity": 0.7,
        "stroke-width": 1 + 4 * e.events / maxE, "marker-end": `url(#arrow-${typeClass(t)})` },
        svg("title", {}, `${e.source} → ${e.target}: ` + Object.entries(e.by_type).map(([k, v]) => k + " " + v).join(", ")));
    }),
    nodes.map(n => {
      const p = pos.get(n.id);
      const grp = svg("g", { class: "node", style: "cursor:pointer" },
        svg("circle", { cx: p.x, cy: p.y, r: 5 + Math.min(14, Math.sqrt(n.events) * 2), fill: "#1f4e79", "fill-opacity": 0.85 }),
        svg("text", { x: p.x + 10, y: p.y + 4, "font-size": 12, fill: "#1d2430" }, n.name),
        svg("title", {}, `${n.name}${n.country ? " (" + n.country + ")" : ""}: ${n.events} events`));
      grp.addEventListener("click", () => go("actor", n.id));
      return grp;
    }));
  const legend = el("div", { class: "legend" },
    [["hostile", "material conflict"], ["verbal", "verbal conflict / demands"], ["coop", "cooperation"]].map(([c, l]) =>
      el("span", {}, el("span", { class: "swatch", style: "background:" + typeColor(c === "hostile" ? "ASSAULT" : c === "verbal" ? "ACCUSE" : "AGREE") }), l)),
    el("span", { class: "muted" }, `${nodes.length} actors, ${edges.length} links` + (net.truncated || net.nodes.length > nodes.length ? " (busiest shown)" : "")));
  main().replaceChildren(el("h1", {}, "Who did what to whom"), form, legend,
    nodes.length ? el("div", { class: "net-wrap" }, g) : el("p", { class: "muted" }, "No actor→recipient event matches."));
}

let worldPath = null;
async function mapView(_arg, params) {
  const f = filtersOf(params);
  const form = filterForm("map", params);
  main().replaceChildren(el("h1", {}, "Map of located events"), form, el("p", { class: "muted" }, "Loading…"));
  if (worldPath === null) worldPath = (await (await fetch("/world-110m.path")).text()).trim();
  const data = await api("map", f);
  const pts = data.points;
  // Zoom to the points with a margin (equirectangular: x = lon + 180, y = 90 - lat).
  let x0 = 0, y0 = 0, x1 = 360, y1 = 180;
  if (pts.length) {
    const xs = pts.map(p => p.lon + 180), ys = pts.map(p => 90 - p.lat);
    x0 = Math.max(0, Math.min(...xs) - 15); x1 = Math.min(360, Math.max(...xs) + 15);
    y0 = Math.max(0, Math.min(...ys) - 10); y1 = Math.min(180, Math.max(...ys) + 10);
    const w = x1 - x0, h = y1 - y0;
    if (w < h * 2) { const c = (x0 + x1) / 2; x0 = c - h; x1 = c + h; } else { const c = (y0 + y1) / 2; y0 = c - w / 4; y1 = c + w / 4; }
  }
  const scale = (x1 - x0) / 360;
  const byPlace = new Map();
  for (const p of pts) {
    const k = p.lat.toFixed(3) + "," + p.lon.toFixed(3);
    if (!byPlace.has(k)) byPlace.set(k, []);
    byPlace.get(k).push(p);
  }
  const m = svg("svg", { viewBox: `${x0} ${y0} ${x1 - x0} ${y1 - y0}`, id: "map", role: "img" },
    svg("rect", { x: 0, y: 0, width: 360, height: 180, fill: "#eef4fa" }),
    svg("path", { d: worldPath, fill: "none", stroke: "#8aa0b6", "stroke-width": 0.6 * scale, "stroke-linejoin": "round" }),
    [...byPlace.values()].map(group => {
      const p = group[0];
      const hostile = group.some(q => HOSTILE.has(q.type));
      const c = svg("circle", { cx: p.lon + 180, cy: 90 - p.lat, r: (1.2 + Math.min(2.5, Math.sqrt(group.length) * 0.6)) * scale * 2,
        fill: hostile ? "#c0392b" : "#1f4e79", "fill-opacity": 0.75, stroke: "#fff", "stroke-width": 0.3 * scale, style: "cursor:pointer" },
        svg("title", {}, `${p.place || "?"}${p.country ? ", " + p.country : ""}: ` + group.map(q => `${q.type} ${q.date || ""}`).join("; ")));
      c.addEventListener("click", () => group.length === 1 ? go("event", p.event) : go("timeline", "", Object.assign({}, f, { place: p.place || "" })));
      return c;
    }));
  main().replaceChildren(el("h1", {}, "Map of located events"), form,
    el("p", { class: "muted" }, `${pts.length} located events at ${byPlace.size} places` + (data.truncated ? " (first ones only)" : "") + ". Borders: Natural Earth 1:110m via world-atlas."),
    el("div", { class: "map-wrap" }, m));
}

async function chartView(_arg, params) {
  const f = filtersOf(params);
  const form = filterForm("chart", params);
  main().replaceChildren(el("h1", {}, "Strikes and reported casualties"), form, el("p", { class: "muted" }, "Loading…"));
  const stats = await api("stats", f);
  const days = stats.casualties.filter(d => d.date).sort((a, b) => a.date < b.date ? -1 : 1);
  // Killed per claimant per day: each claimant's largest figure for each event, summed.
  const claimants = new Map();
  const perDay = days.map(d => {
    const best = new Map();
    for (const fig of d.figures) {
      if (fig.measure !== "killed" || fig.count === null || fig.count === undefined) continue;
      const who = fig.claimed_by || "unattributed";
      const k = who + "\u0000" + fig.event;
      best.set(k, Math.max(best.get(k) || 0, fig.count));
    }
    const by = new Map();
    for (const [k, n] of best) { const who = k.split("\u0000")[0]; by.set(who, (by.get(who) || 0) + n); claimants.set(who, (claimants.get(who) || 0) + n); }
    return { date: d.date, assaults: d.assaults, by };
  });
  const names = [...claimants.entries()].sort((a, b) => b[1] - a[1]).map(x => x[0]).slice(0, 8);
  const palette = ["#c0392b", "#1f4e79", "#b7791f", "#2e8b57", "#7b3fa0", "#0e7c86", "#6b7280", "#d35400"];
  const color = who => palette[names.indexOf(who)] || "#9ca3af";
  const W = 1000, top = 20, H1 = 140, gap = 40, H2 = 220, left = 50, bottom = 60;
  const H = top + H1 + gap + H2 + bottom;
  const n = Math.max(1, perDay.length), bw = Math.min(60, (W - left - 10) / n);
  const maxA = Math.max(1, ...perDay.map(d => d.assaults));
  const maxK = Math.max(1, ...perDay.map(d => Math.max(0, ...[...d.by.values()])));
  const g = svg("svg", { viewBox: `0 0 ${W} ${H}`, id: "chart", role: "img", width: "100%" },
    svg("text", { x: left, y: top - 6, "font-size": 12, fill: "#667085" }, `Assaults per day (max ${maxA})`),
    svg("text", { x: left, y: top + H1 + gap - 6, "font-size": 12, fill: "#667085" }, `Reported killed per day, by claimant (max ${maxK})`),
    svg("line", { x1: left, y1: top + H1, x2: W - 10, y2: top + H1, stroke: "#dde1e7" }),
    svg("line", { x1: left, y1: top + H1 + gap + H2, x2: W - 10, y2: top + H1 + gap + H2, stroke: "#dde1e7" }),
    perDay.map((d, i) => {
      const x = left + i * bw;
      const parts = [];
      const h = H1 * d.assaults / maxA;
      parts.push(svg("rect", { x: x + bw * 0.15, y: top + H1 - h, width: bw * 0.7, height: h, fill: "#1f4e79" }, svg("title", {}, `${d.date}: ${d.assaults} assaults`)));
      const k = Math.max(1, d.by.size), sub = bw * 0.8 / k;
      [...d.by.entries()].forEach(([who, v], j) => {
        const hh = H2 * v / maxK;
        parts.push(svg("rect", { x: x + bw * 0.1 + j * sub, y: top + H1 + gap + H2 - hh, width: Math.max(1, sub - 1), height: hh, fill: color(who) },
          svg("title", {}, `${d.date}: ${v} killed according to ${who}`)));
      });
      if (n <= 31 || i % Math.ceil(n / 31) === 0) {
        parts.push(svg("text", { x: x + bw / 2, y: top + H1 + gap + H2 + 14, "font-size": 10, "text-anchor": "end", fill: "#667085",
          transform: `rotate(-45 ${x + bw / 2} ${top + H1 + gap + H2 + 14})` }, d.date));
      }
      return parts;
    }));
  const legend = el("div", { class: "legend" }, names.map(w => el("span", {}, el("span", { class: "swatch", style: "background:" + color(w) }), w)));
  main().replaceChildren(el("h1", {}, "Strikes and reported casualties"), form,
    days.length ? el("div", { class: "chart-wrap" }, legend, g) : el("p", { class: "muted" }, "No dated assault matches."),
    el("p", { class: "muted" }, "Sources disagree: each claimant's own figures are shown side by side, never added across claimants."));
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
    document.getElementById("counts").textContent = `${c.documents} documents · ${c.events} events`;
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
