// Atelier's page: send pictures to POST /predictions/{model}?pixels and show what the model saw
// (with the box ticked, &explain=true: where it looked, over the picture).
"use strict";
const modelSelect = document.getElementById("model");
const statusLine = document.getElementById("status");
const results = document.getElementById("results");
// The most pictures one request may have explained, as GET /models says: more are sent in turns.
let maxExplained = 64;

async function loadModels() {
  try {
    const response = await api("models");
    const body = await response.json();
    if (response.status === 503) {
      // The server listens before its models have loaded: ask again shortly.
      statusLine.textContent = "the server is loading its models...";
      setTimeout(loadModels, 1000);
      return;
    }
    if (!response.ok) throw new Error(body.error || response.statusText);
    maxExplained = body.max_explained_images || maxExplained;
    modelSelect.replaceChildren(...body.models.map(m => {
      const option = document.createElement("option");
      option.value = m.name;
      option.textContent = `${m.name} (${m.architecture}, ${m.versions[0]})`;
      return option;
    }));
    statusLine.textContent = `${body.models.length} model(s) ready`;
  } catch (e) {
    statusLine.textContent = "cannot reach the server: " + e.message;
  }
}

const explainBox = document.getElementById("explain");

// Jet's red (centre 3), green (2) or blue (1) at v in [0,1]: the colours of predict's --explain pictures.
function jet(v, centre) { return Math.max(0, Math.min(1, 1.5 - Math.abs(4 * v - centre))); }

// Whether a map shows anything: all zero means the image gave no positive evidence for the class.
function hasEvidence(explanation) { return explanation.some(v => v > 0); }

// The 28x28 picture (0-255 grey); with an explanation (784 values in [0,1]) that shows anything,
// its colour map blended at half strength.
function picture(pixels, explanation) {
  if (explanation && !hasEvidence(explanation)) {
    explanation = null;
  }
  const canvas = document.createElement("canvas");
  canvas.width = 28;
  canvas.height = 28;
  const context = canvas.getContext("2d");
  const image = context.createImageData(28, 28);
  pixels.forEach((v, i) => {
    const rgb = explanation ? [3, 2, 1].map(c => Math.round(0.5 * v + 0.5 * 255 * jet(explanation[i], c))) : [v, v, v];
    image.data.set([...rgb, 255], i * 4);
  });
  context.putImageData(image, 0, 0);
  if (explanation) {
    canvas.className = "explained";
    canvas.title = "what the model looked at: red most, blue least";
  }
  return canvas;
}

function show(prediction) {
  const card = document.createElement("div");
  card.className = "result";
  const text = document.createElement("div");
  text.className = "bars";
  const name = document.createElement("div");
  name.className = "name";
  name.textContent = prediction.name;
  text.append(name);
  if (prediction.error) {
    const error = document.createElement("div");
    error.className = "error";
    error.textContent = prediction.error;
    text.append(error);
  } else {
    card.append(picture(prediction.pixels, prediction.explanation));
    for (const t of prediction.top) {
      const bar = document.createElement("div");
      bar.className = "bar";
      bar.innerHTML = '<span class="label"></span><span class="track"><span class="fill"></span></span><span class="value"></span>';
      bar.querySelector(".label").textContent = t.class;
      bar.querySelector(".fill").style.width = (100 * t.probability).toFixed(1) + "%";
      bar.querySelector(".fill").style.display = "block";
      bar.querySelector(".value").textContent = (100 * t.probability).toFixed(1) + "%";
      text.append(bar);
    }
    if (prediction.explanation && !hasEvidence(prediction.explanation)) {
      const note = document.createElement("div");
      note.className = "note";
      note.textContent = `no positive evidence for ${prediction.class} anywhere in the picture`;
      text.append(note);
    }
  }
  card.append(text);
  card.dataset.top = prediction.error ? "" : prediction.class;
  results.prepend(card);
}

async function predict(blobs) {
  if (!modelSelect.value) return;
  const explain = explainBox.checked;
  // explanations are capped per request: send the pictures in turns of that many
  const size = explain ? maxExplained : Math.max(1, blobs.length);
  statusLine.textContent = "predicting...";
  let done = 0;
  try {
    for (let start = 0; start < blobs.length; start += size) {
      const form = new FormData();
      blobs.slice(start, start + size).forEach(({ blob, name }) => form.append("file", blob, name));
      const response = await api(`predictions/${encodeURIComponent(modelSelect.value)}?pixels&top=3${explain ? "&explain=true" : ""}`, { method: "POST", body: form });
      const body = await response.json();
      if (!response.ok) throw new Error(body.error || response.statusText);
      body.predictions.slice().reverse().forEach(show);
      done += body.predictions.length;
      statusLine.textContent = `${done} picture(s) predicted by ${body.model_name}`;
    }
  } catch (e) {
    statusLine.textContent = (done ? `${done} picture(s) predicted, then ` : "") + "failed: " + e.message;
  }
}

const files = document.getElementById("files");
files.addEventListener("change", () => predict([...files.files].map(f => ({ blob: f, name: f.name }))));
const drop = document.getElementById("drop");
drop.addEventListener("dragover", e => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", e => {
  e.preventDefault();
  drop.classList.remove("over");
  predict([...e.dataTransfer.files].map(f => ({ blob: f, name: f.name })));
});

const canvas = document.getElementById("canvas");
const pen = canvas.getContext("2d");
function clearCanvas() { pen.fillStyle = "#000"; pen.fillRect(0, 0, canvas.width, canvas.height); }
clearCanvas();
let drawing = false;
function stroke(e) {
  if (!drawing) return;
  const box = canvas.getBoundingClientRect();
  pen.fillStyle = "#fff";
  pen.beginPath();
  pen.arc(e.clientX - box.left, e.clientY - box.top, 14, 0, 2 * Math.PI);
  pen.fill();
}
canvas.addEventListener("pointerdown", e => { drawing = true; stroke(e); });
canvas.addEventListener("pointermove", stroke);
window.addEventListener("pointerup", () => { drawing = false; });
document.getElementById("clear").addEventListener("click", clearCanvas);
document.getElementById("predict-drawing").addEventListener("click",
  () => canvas.toBlob(blob => predict([{ blob, name: "drawing.png" }]), "image/png"));

loadModels();
