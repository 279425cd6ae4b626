// Atelier's runs page: every run under `serve --runs DIR`, sortable; selected runs compared.
"use strict";
const COLOURS = ["#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#3949ab"];
let runs = [];
let sortKey = "val_accuracy";
let ascending = false;

const percent = v => (v === null || v === undefined) ? "-" : (100 * v).toFixed(2) + "%";
const number = v => (v === null || v === undefined) ? "-" : Math.round(v).toLocaleString("en");
// The settings a run changed from the defaults, as they would be typed: "--epochs 2 --train-limit 6000".
const typedSettings = r => (r.changed || []).map(k => r.settings[k] === "true" ? k : `${k} ${r.settings[k]}`);
const keySettings = r => typedSettings(r).join(" ");
const startDate = r => r.started ? r.started.slice(0, 16).replace("T", " ") : "-";

function cell(row, text, isText) {
  const td = document.createElement("td");
  td.textContent = text;
  if (isText) td.className = "text";
  row.append(td);
  return td;
}

// Columns of the table by their data-key: the run's id, its settings, else a figure of its metrics.json.
const columnValue = (r, key) => key === "id" ? r.id : key === "settings" ? keySettings(r) : key === "started" ? r.started
  : r.metrics ? r.metrics[key] : undefined;

function render() {
  const value = r => columnValue(r, sortKey);
  const sorted = runs.slice().sort((a, b) => {
    const x = value(a), y = value(b);
    const order = (x === null || x === undefined) ? 1 : (y === null || y === undefined) ? -1
      : (typeof x === "string" ? x.localeCompare(y) : x - y);
    return ascending ? order : -order;
  });
  const body = document.querySelector("#runs tbody");
  body.replaceChildren(...sorted.map(r => {
    const row = document.createElement("tr");
    row.dataset.id = r.id;
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = !!r.selected;
    box.addEventListener("change", () => { r.selected = box.checked; updateButton(); });
    cell(row, "").append(box);
    cell(row, r.id, true);
    if (r.error) {
      box.disabled = true;
      const td = cell(row, "cannot be read: " + r.error, true);
      td.colSpan = 9;
      td.className = "text error";
      return row;
    }
    cell(row, startDate(r), true).classList.add("nowrap");
    cell(row, r.metrics.model, true);
    // each option with its value on one line: a narrow window wraps between options, never inside one
    const settings = cell(row, "", true);
    typedSettings(r).forEach((typed, i) => {
      const span = document.createElement("span");
      span.className = "nowrap";
      span.textContent = typed;
      settings.append(...(i ? [" ", span] : [span]));
    });
    cell(row, percent(r.metrics.val_accuracy));
    cell(row, percent(r.metrics.test_accuracy));
    cell(row, number(r.metrics.params));
    cell(row, r.metrics.flops_per_image ? (r.metrics.flops_per_image / 1e6).toFixed(1) : "-");
    cell(row, number(r.metrics.train_seconds));
    const link = cell(row, "");
    if (r.report) {
      const a = document.createElement("a");
      a.href = `run-files/${encodeURIComponent(r.id)}/report.html`;
      a.textContent = "report";
      link.append(a);
    }
    return row;
  }));
  document.querySelectorAll("#runs th[data-key]").forEach(th => {
    th.className = th.dataset.key === sortKey ? (ascending ? "sorted-up" : "sorted-down") : "";
  });
}

function updateButton() {
  document.getElementById("compare").disabled = runs.filter(r => r.selected).length < 2;
}

document.querySelectorAll("#runs th[data-key]").forEach(th => th.addEventListener("click", () => {
  ascending = sortKey === th.dataset.key ? !ascending : th.dataset.type === "text";
  sortKey = th.dataset.key;
  render();
}));

function drawCurves(histories) {
  const canvas = document.getElementById("curves");
  const g = canvas.getContext("2d");
  const pad = { left: 60, right: 20, top: 20, bottom: 40 };
  g.clearRect(0, 0, canvas.width, canvas.height);
  const points = histories.flatMap(h => h.epochs.filter(e => e.val_accuracy !== undefined));
  if (points.length === 0) return;
  const maxEpoch = Math.max(...points.map(p => p.epoch));
  let low = Math.min(...points.map(p => p.val_accuracy)), high = Math.max(...points.map(p => p.val_accuracy));
  if (high - low < 0.01) { low -= 0.005; high += 0.005; }
  const x = e => pad.left + (maxEpoch <= 1 ? 0.5 : (e - 1) / (maxEpoch - 1)) * (canvas.width - pad.left - pad.right);
  const y = v => canvas.height - pad.bottom - (v - low) / (high - low) * (canvas.height - pad.top - pad.bottom);
  g.strokeStyle = "#90a4ae";
  g.fillStyle = "#546e7a";
  g.font = "12px system-ui, sans-serif";
  g.beginPath();
  g.moveTo(pad.left, pad.top);
  g.lineTo(pad.left, canvas.height - pad.bottom);
  g.lineTo(canvas.width - pad.right, canvas.height - pad.bottom);
  g.stroke();
  for (let i = 0; i <= 4; i++) {
    const v = low + (high - low) * i / 4;
    g.fillText((100 * v).toFixed(1) + "%", 8, y(v) + 4);
  }
  g.fillText("epoch", canvas.width / 2, canvas.height - 10);
  for (let e = 1; e <= maxEpoch; e += Math.max(1, Math.round(maxEpoch / 10))) g.fillText(String(e), x(e) - 3, canvas.height - pad.bottom + 15);
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  histories.forEach((h, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const series = h.epochs.filter(e => e.val_accuracy !== undefined);
    g.strokeStyle = colour;
    g.lineWidth = 2;
    g.beginPath();
    series.forEach((e, k) => (k === 0 ? g.moveTo : g.lineTo).call(g, x(e.epoch), y(e.val_accuracy)));
    g.stroke();
    g.fillStyle = colour;
    series.forEach(e => { g.beginPath(); g.arc(x(e.epoch), y(e.val_accuracy), 3.5, 0, 2 * Math.PI); g.fill(); });
    g.lineWidth = 1;
    const item = document.createElement("span");
    item.innerHTML = `<i style="background:${colour}"></i>`;
    item.append(h.id);
    legend.append(item);
  });
}

function showDifferences(selected) {
  const keys = [...new Set(selected.flatMap(r => Object.keys(r.settings)))];
  const differing = keys.filter(k => new Set(selected.map(r => r.settings[k])).size > 1);
  const table = document.getElementById("differences");
  const head = document.createElement("tr");
  ["setting", ...selected.map(r => r.id)].forEach(t => { const th = document.createElement("th"); th.textContent = t; head.append(th); });
  table.replaceChildren(head, ...differing.map(k => {
    const row = document.createElement("tr");
    cell(row, k, true);
    selected.forEach(r => cell(row, r.settings[k] === undefined ? "-" : r.settings[k], true));
    return row;
  }));
  if (differing.length === 0) {
    const row = document.createElement("tr");
    cell(row, "none: the same settings", true);
    table.append(row);
  }
}

document.getElementById("compare").addEventListener("click", async () => {
  const selected = runs.filter(r => r.selected);
  const histories = await Promise.all(selected.map(r =>
    api(`api/history?id=${encodeURIComponent(r.id)}`).then(response => response.json())));
  document.getElementById("comparison").hidden = false;
  drawCurves(histories);
  showDifferences(selected);
});

(async () => {
  const status = document.getElementById("status");
  try {
    const response = await api("api/runs");
    const body = await response.json();
    if (!response.ok) throw new Error(body.error || response.statusText);
    runs = body.runs;
    status.textContent = runs.length === 1 ? "1 run" : `${runs.length} runs`;
    render();
  } catch (e) {
    status.textContent = "cannot list runs: " + e.message;
  }
})();
