// seatplan workspace: shared helpers — API calls, number formatting, SVG charts.
// Numbers shown on the pages come from the server (the seatplan library); this file only
// formats and draws them.
"use strict";

const SP = (() => {
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

  /** GET, or POST a JSON value (a string is posted as CSV text); resolves {ok, status, body}. */
  async function api(path, body, signal) {
    const text = typeof body === "string";
    const opts = body === undefined ? { signal } : {
      method: "POST", headers: { "Content-Type": text ? "text/csv; charset=utf-8" : "application/json" },
      body: text ? body : JSON.stringify(body), signal,
    };
    const r = await fetch(path, opts);
    let json = null;
    try { json = await r.json(); } catch (_) { json = { error: "HTTP " + r.status, errors: [] }; }
    return { ok: r.ok, status: r.status, body: json };
  }

  /** Nearest whole number, ties to even (as the CLI's formatting rounds). */
  function roundEven(a) {
    const f = Math.floor(a), d = a - f;
    return d > 0.5 ? f + 1 : d < 0.5 ? f : (f % 2 === 0 ? f : f + 1);
  }

  /** 12345.6 → "12,346" (the CLI's rounding). */
  function cny(x) {
    if (x === null || x === undefined || !isFinite(x)) return "-";
    const r = roundEven(Math.abs(x));
    const s = String(r).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return x < 0 && r !== 0 ? "-" + s : s;
  }
  function pct(m, digits = 1) {
    return m === null || m === undefined || !isFinite(m) ? "-" : (100 * m).toFixed(digits) + " %";
  }
  function num(x, d = 0) { return x === null || x === undefined || !isFinite(x) ? "-" : Number(x).toFixed(d); }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function el(id) { return document.getElementById(id); }

  /** The page's status line (`#status`): idle, pending, busy or error, with its text. */
  function setStatus(state, text) {
    const s = el("status");
    s.dataset.state = state;
    s.className = "status" + (state === "error" ? " error" : state === "busy" || state === "pending" ? " busy" : "");
    s.textContent = text;
  }
  /** Takes an API answer on a form page: the results go stale on an error, whose fields
   *  `showErrors` names beside the inputs and whose message goes to the status line; true
   *  when the answer is good (the field messages are then cleared). */
  function accept(r, showErrors) {
    el("results").classList.toggle("stale", !r.ok);
    if (!r.ok) {
      showErrors(r.body.errors);
      setStatus("error", r.body.error || ("HTTP " + r.status));
      return false;
    }
    showErrors([]);
    return true;
  }
  function debounce(fn, ms) {
    let t = null;
    return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
  }

  function niceMax(v) {
    if (!(v > 0)) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }
  function fmtTick(v) {
    if (Math.abs(v) >= 10000) return (v / 1000).toFixed(0) + "k";
    return Number.isInteger(v) || Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2);
  }
  function legend(series) {
    return '<div class="legend">' + series.map(s =>
      `<i style="background:${s.colour}"></i>${esc(s.label)}`).join("") + "</div>";
  }
  function frame(W, H, P, ymax, yLabel) {
    let g = "";
    for (let k = 0; k <= 4; k++) {
      const v = ymax * k / 4, y = H - P.b - (H - P.b - P.t) * k / 4;
      g += `<line class="grid" x1="${P.l}" x2="${W - P.r}" y1="${y}" y2="${y}"/>` +
        `<text x="${P.l - 5}" y="${y + 3}" text-anchor="end">${fmtTick(v)}</text>`;
    }
    if (yLabel) g += `<text x="12" y="${P.t + (H - P.t - P.b) / 2}" transform="rotate(-90 12 ${P.t + (H - P.t - P.b) / 2})" text-anchor="middle">${esc(yLabel)}</text>`;
    return g;
  }

  /** Grouped bars: labels[i], series[{label, colour, values}] (+ optional line series). */
  function barChart(target, labels, series, opts = {}) {
    const W = opts.width || 760, H = opts.height || 240, P = { l: 48, r: 10, t: 10, b: 26 };
    const lines = opts.lines || [];
    const all = series.concat(lines).flatMap(s => s.values).filter(v => isFinite(v));
    const ymax = niceMax(Math.max(0, ...all));
    const n = Math.max(labels.length, 1), gw = (W - P.l - P.r) / n;
    const bw = Math.max(1, (gw * 0.8) / Math.max(series.length, 1));
    const y = v => H - P.b - (H - P.b - P.t) * v / ymax;
    let svg = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img">` + frame(W, H, P, ymax, opts.yLabel);
    const every = Math.max(1, Math.ceil(n / 24));
    labels.forEach((lab, i) => {
      const x0 = P.l + i * gw + gw * 0.1;
      series.forEach((s, j) => {
        const v = s.values[i];
        if (!isFinite(v)) return;
        svg += `<rect x="${x0 + j * bw}" y="${y(v)}" width="${bw - 0.5}" height="${Math.max(0, H - P.b - y(v))}" fill="${s.colour}"><title>${esc(lab)} ${esc(s.label)}: ${v}</title></rect>`;
      });
      if (i % every === 0) svg += `<text x="${P.l + i * gw + gw / 2}" y="${H - 10}" text-anchor="middle">${esc(lab)}</text>`;
    });
    for (const s of lines) {
      const pts = s.values.map((v, i) => isFinite(v) ? `${P.l + i * gw + gw / 2},${y(v)}` : null).filter(Boolean);
      svg += `<polyline fill="none" stroke="${s.colour}" stroke-width="2" ${s.dashed ? 'stroke-dasharray="5 4"' : ""} points="${pts.join(" ")}"/>`;
    }
    svg += "</svg>";
    target.innerHTML = svg + legend(series.concat(lines));
  }

  /** Lines over x positions (labels every `tickEvery`), optional step shape. */
  function lineChart(target, labels, series, opts = {}) {
    const W = opts.width || 760, H = opts.height || 220, P = { l: 48, r: 10, t: 10, b: 26 };
    const all = series.flatMap(s => s.values).filter(v => isFinite(v));
    const ymax = opts.ymax || niceMax(Math.max(0, ...all));
    const n = Math.max(labels.length, 2);
    const x = i => P.l + (W - P.l - P.r) * i / (n - 1);
    const y = v => H - P.b - (H - P.b - P.t) * Math.min(v, ymax) / ymax;
    let svg = `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img">` + frame(W, H, P, ymax, opts.yLabel);
    const every = opts.tickEvery || Math.max(1, Math.ceil(n / 12));
    labels.forEach((lab, i) => {
      if (i % every === 0) {
        svg += `<line class="grid" x1="${x(i)}" x2="${x(i)}" y1="${P.t}" y2="${H - P.b}"/>` +
          `<text x="${x(i) + 2}" y="${H - 10}">${esc(lab)}</text>`;
      }
    });
    for (const s of series) {
      let d = "", pen = false;
      s.values.forEach((v, i) => {
        if (!isFinite(v)) { pen = false; return; }
        if (opts.step && pen && i > 0) d += `L${x(i)},${y(s.values[i - 1])}`;
        d += (pen ? "L" : "M") + `${x(i)},${y(v)}`;
        pen = true;
      });
      svg += `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="${s.width || 1.6}" ${s.dashed ? 'stroke-dasharray="5 4"' : ""}/>`;
    }
    svg += "</svg>";
    target.innerHTML = svg + legend(series);
  }

  /** Fills the header's scenario directory from /api/info; resolves the info. */
  async function info() {
    const r = await api("/api/info");
    if (r.ok) {
      const d = el("dir");
      if (d) d.textContent = "scenario: " + r.body.dir;
    }
    return r.body;
  }

  return { PALETTE, api, cny, pct, num, esc, el, setStatus, accept, debounce, barChart, lineChart, info };
})();
