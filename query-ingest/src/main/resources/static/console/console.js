'use strict';

// The ragline console: ask questions and follow their answers, watch the pipeline, add
// documents. Plain DOM code; text from the server only ever goes in through textContent.

const API_KEY_STORAGE = 'ragline.apiKey';
const RECENT_STORAGE = 'ragline.recent';
const RECENT_LIMIT = 20;
const PIPELINE_INTERVAL_MS = 2000;
const RETRY_PAUSE_MS = 2000;
// Retrievers index new documents within moments, so the count is read once more after a submit.
const INDEX_SETTLE_MS = 3000;
const NEEDS_API_KEY = 'This server needs an API key: enter it above.';
const DASH = '\u2013';

const FINAL_STATUSES = new Set(['DONE', 'FAILED', 'CANCELLED']);
// The order a query moves through; a query shows only the statuses it reached.
const STATUS_ORDER = ['QUEUED', 'RETRIEVING', 'GENERATING', 'REROUTED', 'DONE', 'FAILED', 'CANCELLED'];

// fallbackReason.code in words (README, "Why a query went to Ollama").
const REROUTE_SENTENCES = new Map([
  ['VLLM_MODEL_NOT_FOUND', 'vLLM does not serve the model asked for'],
  ['VLLM_ROUTE_NOT_FOUND', "vLLM's URL is wrong (404 on the route)"],
  ['VLLM_PROMPT_TOO_LONG', "the prompt did not fit vLLM's context, even after shrinking it"],
  ['VLLM_UNAVAILABLE', 'vLLM could not be reached or kept failing (connection refused, 5xx or 429), even after retries'],
  ['VLLM_CONFIG_ERROR', 'vLLM refused the request (400, 401, 403 or a redirect): check the API key and request settings'],
  ['VLLM_TIMEOUT', 'vLLM did not answer in time'],
  ['VLLM_STREAM_ERROR', "vLLM's answer broke off in the middle (connection closed or an error in the stream)"],
  ['VLLM_BAD_RESPONSE', 'vLLM answered with something that is not a completion'],
  ['VLLM_CIRCUIT_OPEN', 'vLLM failed too often lately, so its circuit breaker skipped it'],
  ['VLLM_NOT_CONFIGURED', 'no vLLM base URL is set'],
]);

// Problem "field" names of POST /api/queries and the inputs they come from.
const FIELD_INPUTS = { question: 'question', topK: 'topk', deadline: 'deadline-seconds', cache: 'cache' };

const $ = (id) => document.getElementById(id);

/* ---------- small DOM helpers ---------- */

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// Shows text in a node, or hides the node when there is none.
function setText(node, text) {
  const empty = text === null || text === undefined || text === '';
  node.textContent = empty ? '' : String(text);
  node.hidden = empty;
}

function orDash(value) {
  return value === null || value === undefined || value === '' ? DASH : String(value);
}

function cell(className, value) {
  return el('td', className, orDash(value));
}

// A table cell holding a list of elements, or a dash when the list is empty.
function listCell(className, items) {
  const td = el('td', className);
  if (items.length > 0) td.append(...items);
  else td.textContent = DASH;
  return td;
}

// The only row of a table with nothing to show; it has no "group"/"worker" class on purpose.
function emptyRow(columns, text) {
  const row = el('tr', 'empty');
  const td = el('td', 'muted', text);
  td.colSpan = columns;
  row.append(td);
  return row;
}

function statusPill(status) {
  const pill = el('span', 'pill', status);
  setPillStatus(pill, status);
  return pill;
}

function setPillStatus(pill, status) {
  pill.textContent = status || '';
  pill.className = status ? `pill status-${status.toLowerCase()}` : 'pill';
}

function plural(count, word) {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function pause(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/* ---------- talking to the API ---------- */

class ApiError extends Error {
  constructor(status, message, field) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

function storedApiKey() {
  return localStorage.getItem(API_KEY_STORAGE) || '';
}

// Every request goes through here so that each one carries the API key.
// Resolves to the response when it is 2xx, else rejects with an ApiError.
async function apiFetch(path, { method = 'GET', headers = {}, body, signal } = {}) {
  const allHeaders = { ...headers };
  const key = storedApiKey();
  if (key) allHeaders['X-API-Key'] = key;
  const response = await fetch(path, { method, headers: allHeaders, body, signal });
  if (!response.ok) throw await problemOf(response);
  return response;
}

async function requestJson(path, options) {
  const response = await apiFetch(path, options);
  return response.json();
}

// Errors are application/problem+json; anything else still gets its status line shown.
async function problemOf(response) {
  if (response.status === 401) return new ApiError(401, NEEDS_API_KEY);
  let problem = {};
  try {
    problem = await response.json();
  } catch {
    // not JSON (a proxy's error page, say): the status line below says enough
  }
  const message = problem.detail || problem.title || `HTTP ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, message, problem.field);
}

function queryPath(id) {
  return `api/queries/${encodeURIComponent(id)}`;
}

/* ---------- the error banner ---------- */

// Which part of the page put the current error up, so that a background poll that
// succeeds again clears only its own error and not, say, a refused question.
let errorSource = null;

function showError(error, source = 'action') {
  const banner = $('error-banner');
  banner.textContent = messageOf(error);
  banner.hidden = false;
  errorSource = source;
}

// Without a source, clears whatever is shown (the user started something new).
function clearError(source) {
  if (source && source !== errorSource) return;
  const banner = $('error-banner');
  banner.textContent = '';
  banner.hidden = true;
  errorSource = null;
}

function messageOf(error) {
  if (error instanceof ApiError) return error.message;
  // fetch rejects with a TypeError when the server cannot be reached at all
  if (error instanceof TypeError) return `Cannot reach the server: ${error.message}`;
  return error.message || String(error);
}

/* ---------- views and hash routing ---------- */

const VIEWS = {
  ask: {},
  pipeline: { enter: startPipelinePolling, leave: stopPipelinePolling },
  documents: { enter: refreshDocumentCount },
  compare: { enter: () => { loadExperiment(); loadComparisons(); } },
};

let currentView = null;

function route() {
  const wanted = location.hash.slice(1);
  const next = Object.hasOwn(VIEWS, wanted) ? wanted : 'ask';
  if (next === currentView) return;
  if (currentView && VIEWS[currentView].leave) VIEWS[currentView].leave();
  currentView = next;
  for (const name of Object.keys(VIEWS)) {
    $(`view-${name}`).hidden = name !== next;
  }
  for (const link of document.querySelectorAll('#nav a[data-view]')) {
    if (link.dataset.view === next) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (VIEWS[next].enter) VIEWS[next].enter();
}

/* ---------- API key ---------- */

function setUpApiKey() {
  const input = $('api-key');
  input.value = storedApiKey();
  input.addEventListener('input', () => {
    const key = input.value.trim();
    if (key) localStorage.setItem(API_KEY_STORAGE, key);
    else localStorage.removeItem(API_KEY_STORAGE);
  });
}

/* ---------- asking ---------- */

// Only the options the user set, so that the server's defaults apply to the rest.
function buildQueryRequest() {
  const request = { question: $('question').value.trim() };
  const topK = $('topk').value;
  if (topK !== '') request.topK = Number(topK);
  if (!$('cache').checked) request.cache = false;
  const seconds = $('deadline-seconds').value;
  if (seconds !== '') request.deadline = new Date(Date.now() + Number(seconds) * 1000).toISOString();
  return request;
}

async function submitQuestion(event) {
  event.preventDefault();
  clearError();
  clearInvalidFields();
  const request = buildQueryRequest();
  const button = $('ask-submit');
  button.disabled = true;
  try {
    const response = await apiFetch('api/queries', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    const answer = await response.json();
    rememberQuery(answer.id, request.question, answer.status);
    // 200 is a cache hit with the whole DONE document; 202 only has the id to follow.
    if (response.status === 200) showFinishedQuery(answer);
    else followQuery(answer.id, answer.status);
  } catch (error) {
    markInvalidField(error.field);
    showError(error);
  } finally {
    button.disabled = false;
  }
}

function submitOnCtrlEnter(event) {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    $('ask-form').requestSubmit();
  }
}

function markInvalidField(field) {
  const input = Object.hasOwn(FIELD_INPUTS, field) ? $(FIELD_INPUTS[field]) : null;
  if (!input) return;
  input.classList.add('invalid');
  input.setAttribute('aria-invalid', 'true');
  input.focus();
}

function clearInvalidFields() {
  for (const id of Object.values(FIELD_INPUTS)) {
    $(id).classList.remove('invalid');
    $(id).removeAttribute('aria-invalid');
  }
}

/* ---------- following a query ---------- */

// The query shown in the panel; starting another aborts its requests.
let currentFollow = null;

function beginQuery(id, status) {
  if (currentFollow) currentFollow.controller.abort();
  currentFollow = { id, version: -1, controller: new AbortController() };
  clearError('follow');
  renderQuery({ id, status });
  return currentFollow;
}

function showFinishedQuery(doc) {
  applyDocument(beginQuery(doc.id, doc.status), doc);
}

async function followQuery(id, knownStatus) {
  const follow = beginQuery(id, knownStatus);
  try {
    const finished = await streamQuery(follow);
    if (!finished) await pollQuery(follow);
  } catch (error) {
    if (!follow.controller.signal.aborted) showError(error, 'follow');
  }
}

function openQuery(id) {
  clearError();
  followQuery(id);
}

function openById(event) {
  event.preventDefault();
  const id = $('open-id').value.trim();
  if (id) openQuery(id);
}

// Follows the query's Server-Sent Events. Resolves true once a final status arrived and
// false when the stream ended or broke before that (the caller then long-polls). A lasting
// HTTP error (401, 404) is thrown instead: polling would be refused the same way.
async function streamQuery(follow) {
  let response;
  try {
    response = await apiFetch(`${queryPath(follow.id)}/events`, {
      headers: { Accept: 'text/event-stream' },
      signal: follow.controller.signal,
    });
  } catch (error) {
    if (!isTransient(error)) throw error;
    return false;
  }
  try {
    for await (const event of readServerSentEvents(response.body)) {
      if (event.type !== 'result') continue;
      const doc = JSON.parse(event.data);
      applyDocument(follow, doc);
      if (FINAL_STATUSES.has(doc.status)) return true;
    }
  } catch {
    // a broken connection (or an unreadable event): long polling takes over
  }
  return false;
}

// Long polling, after the event stream ended early: each request answers once the
// query is final, or after 10 s with the document as it stands.
async function pollQuery(follow) {
  const signal = follow.controller.signal;
  while (!signal.aborted) {
    try {
      const doc = await requestJson(`${queryPath(follow.id)}?wait=10s`, { signal });
      clearError('follow');
      applyDocument(follow, doc);
      if (FINAL_STATUSES.has(doc.status)) return;
    } catch (error) {
      if (signal.aborted) return;
      if (!isTransient(error)) throw error;
      showError(error, 'follow');
      await pause(RETRY_PAUSE_MS, signal);
    }
  }
}

// Worth trying again: the network, a rate limit, or the server being unwell.
function isTransient(error) {
  return !(error instanceof ApiError) || error.status === 429 || error.status >= 500;
}

// A cancel answer, the event stream and long polls can overlap; only the newest version
// of the query still shown is rendered.
function applyDocument(follow, doc) {
  if (follow !== currentFollow) return;
  if (typeof doc.version === 'number') {
    if (doc.version < follow.version) return;
    follow.version = doc.version;
  }
  renderQuery(doc);
  updateRecentStatus(doc.id, doc.status);
}

async function cancelQuery() {
  const follow = currentFollow;
  if (!follow) return;
  clearError();
  try {
    applyDocument(follow, await requestJson(queryPath(follow.id), { method: 'DELETE' }));
  } catch (error) {
    showError(error);
  }
}

/* ---------- Server-Sent Events over fetch ---------- */

// EventSource cannot send the X-API-Key header, so the text/event-stream framing is read
// here (WHATWG HTML, "Server-sent events"). A line may end in CRLF, LF or CR; a CR at the
// very end of a chunk is kept back since its LF may come with the next chunk.
const LINE_BREAK = /\r\n|\r(?!$)|\n/;

async function* readServerSentEvents(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const parseLine = createEventParser();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return; // an event without its closing blank line is dropped, as EventSource does
      buffer += value;
      const lines = buffer.split(LINE_BREAK);
      buffer = lines.pop();
      for (const line of lines) {
        const event = parseLine(line);
        if (event) yield event;
      }
    }
  } finally {
    // also closes the connection when the caller stops reading early
    reader.cancel().catch(() => {});
  }
}

// Returns a function taking one line at a time, which returns an event {type, data, id}
// when a blank line completes one, else null.
function createEventParser() {
  let type = '';
  let data = [];
  let lastId = '';
  return function parseLine(line) {
    if (line === '') {
      const event = data.length > 0 ? { type: type || 'message', data: data.join('\n'), id: lastId } : null;
      type = '';
      data = [];
      return event;
    }
    if (line.startsWith(':')) return null; // a comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) lastId = value;
    return null;
  };
}

/* ---------- rendering a query ---------- */

function renderQuery(doc) {
  $('query').hidden = false;
  $('query-id').textContent = doc.id;
  setPillStatus($('query-status'), doc.status);
  $('cancel-query').hidden = !doc.status || FINAL_STATUSES.has(doc.status);
  setText($('query-question'), doc.question);
  renderTimeline(doc.timestamps || {});
  setText($('backend'), backendText(doc));
  setText($('reroute-reason'), rerouteText(doc.fallbackReason));
  setText($('error-detail'), failureText(doc));
  setText($('partial-answer'), doc.partialAnswer);
  setText($('answer'), doc.status === 'DONE' ? doc.answer : null);
  renderSources(doc.sources || []);
  renderAttempts(doc.attempts || []);
}

function renderTimeline(timestamps) {
  const stages = STATUS_ORDER
    .filter((status) => timestamps[status])
    .map((status) => ({ status, at: parseInstant(timestamps[status]) }));
  const start = stages.length > 0 ? stages[0].at : 0;
  const total = stages.length > 1 ? Math.max(0, stages[stages.length - 1].at - start) : 0;
  $('timeline').replaceChildren(...stages.map((stage, i) => stageElement(stage, stages[i + 1], start, total)));
  $('timeline-total').textContent = stages.length > 1 ? `total ${formatMillis(total)}` : '';
}

// One status: its name, how long the query stayed in it, and a bar placed on the
// query's whole time line (a waterfall), so slow stages stand out.
function stageElement(stage, next, start, total) {
  const row = el('div', 'stage');
  row.dataset.status = stage.status;
  const name = statusPill(stage.status);
  name.classList.add('stage-name');
  row.append(name);
  if (!next) return row; // the status the query is in (or ended in) has no duration yet
  // services run on different machines; a slightly earlier clock must not draw backwards
  const millis = Math.max(0, next.at - stage.at);
  const bar = el('div', 'stage-bar');
  const fill = el('div', 'stage-bar-fill');
  fill.style.marginLeft = `${total > 0 ? (Math.max(0, stage.at - start) / total) * 100 : 0}%`;
  fill.style.width = `${total > 0 ? (millis / total) * 100 : 0}%`;
  bar.append(fill);
  row.append(' ', el('span', 'stage-duration', formatMillis(millis)), bar);
  return row;
}

// Instants may carry up to nanoseconds, Date only milliseconds: the fraction is added
// separately so that sub-millisecond stages (a cache hit) do not all read 0.
function parseInstant(text) {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) return Date.parse(text);
  return Date.parse(match[1] + match[3]) + Number(`0.${match[2] || '0'}`) * 1000;
}

function formatMillis(millis) {
  return millis < 10 ? `${millis.toFixed(1)} ms` : `${Math.round(millis)} ms`;
}

function backendText(doc) {
  if (!doc.backend) return null;
  if (doc.backend === 'cache') return `answer cache (first answered by query ${orDash(doc.cachedFrom)})`;
  return doc.model ? `${doc.backend} · ${doc.model}` : doc.backend;
}

function rerouteText(reason) {
  if (!reason) return null;
  const sentence = REROUTE_SENTENCES.get(reason.code) || reason.code || 'for an unknown reason';
  const httpStatus = reason.httpStatus !== null && reason.httpStatus !== undefined ? ` (HTTP ${reason.httpStatus})` : '';
  return `Rerouted to Ollama: ${sentence}. ${reason.detail || ''}`.trim() + httpStatus;
}

function failureText(doc) {
  if (doc.status !== 'FAILED' || !doc.error) return null;
  return `${doc.error.code}: ${doc.error.message}`;
}

function renderSources(sources) {
  $('sources').replaceChildren(...sources.map(sourceElement));
  $('sources-block').hidden = sources.length === 0;
}

function sourceElement(source) {
  const item = el('li', 'source');
  const head = el('div', 'source-head');
  head.append(el('span', 'source-title', source.title || source.documentId));
  if (source.title && source.documentId) head.append(el('span', 'source-id', source.documentId));
  head.append(el('span', 'source-score', typeof source.score === 'number' ? source.score.toFixed(2) : DASH));
  item.append(head, el('p', 'source-passage', source.text));
  return item;
}

function renderAttempts(attempts) {
  $('attempts').tBodies[0].replaceChildren(...attempts.map(attemptRow));
  $('attempts-block').hidden = attempts.length === 0;
}

function attemptRow(attempt) {
  const row = el('tr', 'attempt');
  row.append(
    cell('backend', attempt.backend),
    cell('model', attempt.model),
    cell('outcome', attempt.outcome),
    cell('reason', attempt.reason),
    cell('http-status number', attempt.httpStatus),
    cell('passages number', attempt.passages),
    cell('duration number', attempt.durationMillis),
  );
  return row;
}

/* ---------- recent queries (this browser only) ---------- */

function loadRecent() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_STORAGE));
    return Array.isArray(list) ? list : [];
  } catch {
    return []; // written by something else: start afresh
  }
}

function saveRecent(list) {
  localStorage.setItem(RECENT_STORAGE, JSON.stringify(list.slice(0, RECENT_LIMIT)));
  renderRecent();
}

function rememberQuery(id, question, status) {
  const list = loadRecent().filter((entry) => entry.id !== id);
  list.unshift({ id, question, status });
  saveRecent(list);
}

// Partial answers arrive every 100 ms; storage is written only when the status changes.
function updateRecentStatus(id, status) {
  const list = loadRecent();
  const entry = list.find((candidate) => candidate.id === id);
  if (!entry || entry.status === status) return;
  entry.status = status;
  saveRecent(list);
}

function renderRecent() {
  const list = loadRecent();
  $('recent').replaceChildren(...list.map(recentElement));
  $('recent-empty').hidden = list.length > 0;
}

function recentElement(entry) {
  const item = el('li', 'recent-item');
  item.dataset.id = entry.id;
  const button = el('button', 'recent-open');
  button.type = 'button';
  button.title = entry.id;
  button.append(el('span', 'recent-question', entry.question || entry.id), statusPill(entry.status));
  button.addEventListener('click', () => openQuery(entry.id));
  item.append(button);
  return item;
}

/* ---------- the pipeline view ---------- */

// Each start bumps the run number, so a poll still in flight from an earlier visit to
// the view stops instead of running a second loop.
let pipelineRun = 0;
let pipelineTimer = null;

function startPipelinePolling() {
  pipelineRun += 1;
  pollPipeline(pipelineRun);
}

function stopPipelinePolling() {
  pipelineRun += 1;
  clearTimeout(pipelineTimer);
  clearError('pipeline');
}

async function pollPipeline(run) {
  try {
    const pipeline = await requestJson('api/pipeline');
    if (run !== pipelineRun) return;
    clearError('pipeline');
    renderPipeline(pipeline);
  } catch (error) {
    if (run !== pipelineRun) return;
    showError(error, 'pipeline'); // and keep polling: the server may come back
  }
  pipelineTimer = setTimeout(() => pollPipeline(run), PIPELINE_INTERVAL_MS);
}

function renderPipeline(pipeline) {
  const groups = pipeline.groups || [];
  const workers = pipeline.workers || [];
  $('pipeline-groups').tBodies[0].replaceChildren(
    ...(groups.length > 0 ? groups.map(groupRow) : [emptyRow(8, 'no consumer groups yet')]));
  const backends = pipeline.backends || [];
  $('pipeline-backends').tBodies[0].replaceChildren(
    ...(backends.length > 0 ? backends.map(backendRow) : [emptyRow(8, 'no backend read yet (no LLM configured, or no worker has read one)')]));
  $('pipeline-workers').tBodies[0].replaceChildren(
    ...(workers.length > 0 ? workers.map(workerRow) : [emptyRow(7, 'no worker has reported in the last few seconds')]));
  renderReroutes(pipeline.reroutesLastMinute || {});
  $('cache-hit-rate').textContent = cacheText(pipeline.cache);
  $('pipeline-updated').textContent = `updated ${new Date(pipeline.generatedAt || Date.now()).toLocaleTimeString()}`;
  renderPipelineProblems(pipeline.problems || []);
}

function groupRow(group) {
  const row = el('tr', 'group');
  row.dataset.stage = group.stage;
  row.dataset.group = group.group;
  // work is waiting and nobody reads it: that stage is down
  const orphaned = group.lag > 0 && group.members === 0;
  row.classList.toggle('no-consumer', orphaned);
  row.append(
    cell('stage', group.stage),
    cell('topic', group.topic),
    cell('group-name', group.group),
    cell('members number', group.members),
    cell('partitions number', group.partitions),
    cell('lag number', group.lag),
    cell('rate number', typeof group.recordsPerSecond === 'number' ? `${group.recordsPerSecond.toFixed(1)}/s` : null),
    el('td', 'warning', orphaned ? 'no consumer!' : ''),
  );
  return row;
}

function workerRow(worker) {
  const row = el('tr', 'worker');
  row.dataset.instance = worker.instance;
  row.append(
    cell('service', worker.role ? `${worker.service} (${worker.role})` : worker.service),
    cell('instance', worker.instance),
    cell('in-flight', inFlightText(worker)),
    listCell('breakers', breakerElements(worker.breakers || {})),
    listCell('calls', Object.entries(worker.calls || {}).map(([backend, calls]) => el('div', null, callsText(backend, calls)))),
    listCell('reroutes', Object.entries(worker.reroutesLastMinute || {}).map(([code, count]) => el('div', null, `${code} ${count}`))),
    cell('documents', documentsText(worker)),
  );
  return row;
}

// A backend as it describes itself (vLLM's /metrics, Ollama's /api/ps), from the worker
// that read it last; a long waiting queue is marked, as the workers then hold back.
function backendRow(backend) {
  const row = el('tr', 'backend');
  row.dataset.backend = backend.backend;
  if (!backend.reachable) {
    const problem = el('td', 'problem', `cannot be read: ${orDash(backend.problem)}`);
    problem.colSpan = 7;
    row.append(cell('name', backend.backend), problem);
    return row;
  }
  row.append(
    cell('name', backend.backend),
    cell('running number', number(backend.requestsRunning)),
    cell('waiting number', number(backend.requestsWaiting)),
    cell('kv-cache number', typeof backend.kvCacheUsage === 'number' ? `${Math.round(backend.kvCacheUsage * 100)} %` : null),
    cell('first-token number', typeof backend.timeToFirstTokenMs === 'number' ? `${Math.round(backend.timeToFirstTokenMs)} ms` : null),
    cell('latency number', typeof backend.requestLatencyMs === 'number' ? `${Math.round(backend.requestLatencyMs)} ms` : null),
    cell('tokens number', typeof backend.promptTokensPerSecond === 'number' || typeof backend.generationTokensPerSecond === 'number'
      ? `${number(backend.promptTokensPerSecond) ?? '-'} / ${number(backend.generationTokensPerSecond) ?? '-'}` : null),
    cell('models', typeof backend.modelsLoaded === 'number'
      ? `${backend.modelsLoaded} (${(backend.modelMemoryBytes / 1e9).toFixed(1)} GB)` : null),
  );
  return row;
}

function number(value) {
  return typeof value === 'number' ? String(Math.round(value)) : null;
}

function inFlightText(worker) {
  if (worker.inFlight === null || worker.inFlight === undefined) return null;
  return `${worker.inFlight} / ${orDash(worker.maxInFlight)}`;
}

// "vllm CLOSED, ollama OPEN"; the state is a data attribute so CSS can colour OPEN red.
function breakerElements(breakers) {
  return Object.entries(breakers).flatMap(([backend, state], i) => {
    const breaker = el('span', 'breaker', `${backend} ${state}`);
    breaker.dataset.state = state;
    return i === 0 ? [breaker] : [', ', breaker];
  });
}

function callsText(backend, calls) {
  const parts = [`${backend} ${calls.lastMinute ?? 0}/min`];
  if (typeof calls.p50Ms === 'number') parts.push(`p50 ${Math.round(calls.p50Ms)} ms`);
  if (typeof calls.p95Ms === 'number') parts.push(`p95 ${Math.round(calls.p95Ms)} ms`);
  return parts.join(' ');
}

function documentsText(worker) {
  if (worker.documents === null || worker.documents === undefined) return null;
  const version = worker.corpusVersion === null || worker.corpusVersion === undefined ? '' : ` (corpus version ${worker.corpusVersion})`;
  return `${worker.documents}${version}`;
}

function renderReroutes(reroutes) {
  const entries = Object.entries(reroutes).sort(([, a], [, b]) => b - a);
  const items = entries.map(([code, count]) => {
    const sentence = REROUTE_SENTENCES.get(code);
    return el('li', 'reroute', sentence ? `${code}: ${count} (${sentence})` : `${code}: ${count}`);
  });
  $('reroutes').replaceChildren(...(items.length > 0 ? items : [el('li', 'muted', 'none in the last minute')]));
}

function cacheText(cache) {
  if (!cache || !cache.lookups || typeof cache.hitRate !== 'number') return 'no lookups yet';
  return `${Math.round(cache.hitRate * 100)} % of ${plural(cache.lookups, 'lookup')}`;
}

/* ---------- compare: the shadow experiment's report ---------- */

async function loadComparisons() {
  try {
    const report = await requestJson('api/comparisons');
    clearError('compare');
    renderComparisons(report);
  } catch (error) {
    showError(error, 'compare');
  }
}

function renderComparisons(report) {
  const backends = report.backends || [];
  $('compare-empty').hidden = report.comparisons > 0;
  $('compare-count').textContent = `the latest ${report.comparisons}`;
  $('compare-agreement').textContent = report.comparisons > 0
    ? `${percent(report.sourceAgreement)} of their cited passages in common, meaning similarity ${report.answerSimilarity == null ? '–' : report.answerSimilarity.toFixed(2)}`
    : '–';
  $('compare-backends').tBodies[0].replaceChildren(
    ...(backends.length > 0 ? backends.map(comparisonRow) : [emptyRow(9, 'no comparisons yet')]));
  $('compare-updated').textContent = `updated ${new Date(report.generatedAt || Date.now()).toLocaleTimeString()}`;
}

/* The experiment every llm-worker follows, shared in Redis: shown and changed here. */

async function loadExperiment() {
  try {
    renderExperiment(await requestJson('api/experiment'));
    clearError('compare');
  } catch (error) {
    showError(error, 'compare');
  }
}

function renderExperiment(view) {
  const shown = view.shared || (view.workers[0] && view.workers[0].experiment) || { mode: 'off', share: 0.1, shadowBackend: 'ollama' };
  $('experiment-mode').value = shown.mode;
  $('experiment-share').value = Math.round(shown.share * 100);
  $('experiment-shadow-backend').value = shown.shadowBackend || 'ollama';
  $('experiment-now').textContent = view.shared
    ? `Shared with every llm-worker since ${new Date(view.shared.changedAt).toLocaleTimeString()}: ${describeExperiment(view.shared)}.`
    : 'Nothing shared: each llm-worker runs its own configuration (ragline.experiment.*).';
  $('experiment-workers').replaceChildren(...(view.workers.length > 0
    ? view.workers.map((worker) => {
      const item = el('li', 'experiment-worker', `${worker.instance}: ${describeExperiment(worker.experiment)}`);
      item.dataset.mode = worker.experiment.mode;
      return item;
    })
    : [el('li', 'muted', 'no llm-worker with the primary role reports yet')]));
}

function describeExperiment(setting) {
  const share = `${Math.round(setting.share * 100)} %`;
  if (setting.mode === 'shadow') {
    return setting.shadowBackend === 'vllm'
      ? `shadow, ${share}: Ollama answers, vLLM is asked too`
      : `shadow, ${share}: vLLM answers, Ollama is asked too`;
  }
  if (setting.mode === 'split') return `split, ${share}: Ollama answers instead of vLLM`;
  return 'off';
}

async function applyExperiment(event) {
  event.preventDefault();
  const share = Number($('experiment-share').value) / 100;
  try {
    renderExperiment(await requestJson('api/experiment', {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: $('experiment-mode').value, share, shadowBackend: $('experiment-shadow-backend').value }),
    }));
    clearError('compare');
  } catch (error) {
    showError(error, 'compare');
  }
}

async function resetExperiment() {
  try {
    renderExperiment(await requestJson('api/experiment', { method: 'DELETE' }));
    clearError('compare');
  } catch (error) {
    showError(error, 'compare');
  }
}

function comparisonRow(figures) {
  const row = el('tr', 'comparison');
  row.dataset.role = figures.role;
  row.dataset.backend = figures.backend;
  row.append(
    cell('role', figures.role),
    cell('backend', figures.backend),
    cell('model', figures.model),
    cell('calls number', figures.count),
    cell('errors number', `${figures.errors} (${percent(figures.errorRate)})`),
    cell('p50 number', millis(figures.latencyP50Ms)),
    cell('p95 number', millis(figures.latencyP95Ms)),
    cell('first-token number', millis(figures.timeToFirstTokenP50Ms)),
    cell('tokens number', number(figures.tokensPerSecondP50)),
  );
  return row;
}

function percent(share) {
  return typeof share === 'number' ? `${Math.round(share * 100)} %` : '–';
}

function millis(value) {
  return typeof value === 'number' ? `${Math.round(value)} ms` : null;
}

// What the server could not gather (Kafka or Redis away): the tables above are then partial.
function renderPipelineProblems(problems) {
  const list = $('pipeline-problems');
  list.replaceChildren(...problems.map((problem) => el('li', null, problem)));
  list.hidden = problems.length === 0;
}

/* ---------- the documents view ---------- */

async function refreshDocumentCount() {
  try {
    const pipeline = await requestJson('api/pipeline');
    $('documents-count').textContent = documentCountText(pipeline.workers || []);
    clearError('documents');
  } catch (error) {
    showError(error, 'documents');
  }
}

// Every retriever replica indexes the whole collection; the one furthest along counts.
function documentCountText(workers) {
  const retrievers = workers.filter((worker) => typeof worker.documents === 'number');
  if (retrievers.length === 0) return 'no retriever is reporting its index';
  const furthest = retrievers.reduce((a, b) => (b.documents > a.documents ? b : a));
  const version = furthest.corpusVersion === null || furthest.corpusVersion === undefined
    ? '' : ` (corpus version ${furthest.corpusVersion})`;
  return `${plural(furthest.documents, 'document')} indexed${version}`;
}

async function submitDocuments(event) {
  event.preventDefault();
  clearError();
  $('documents-result').hidden = true;
  const button = $('documents-submit');
  button.disabled = true;
  try {
    const upload = await documentsUpload();
    const answer = await requestJson('api/documents', {
      method: 'POST',
      headers: { 'Content-Type': upload.type },
      body: upload.body,
    });
    setText($('documents-result'),
      `Accepted ${plural(answer.accepted, 'document')} into ${answer.topic}; the retrievers index them within moments.`);
    clearChosenFile();
    refreshDocumentCount();
    setTimeout(refreshDocumentCount, INDEX_SETTLE_MS);
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
  }
}

// What to send: a chosen file wins over the text box (the page says so).
async function documentsUpload() {
  const file = $('documents-file').files[0];
  if (file) return fileUpload(file);
  const text = $('documents-text').value;
  if (text.trim() === '') throw new Error('Paste documents as JSON or JSON Lines, or choose a file.');
  return { body: text, type: text.trim().startsWith('[') ? 'application/json' : 'application/x-ndjson' };
}

async function fileUpload(file) {
  const extension = file.name.slice(file.name.lastIndexOf('.') + 1).toLowerCase();
  if (extension === 'json') return { body: file, type: 'application/json' };
  if (extension === 'jsonl') return { body: file, type: 'application/x-ndjson' };
  // .txt, .md (or anything else picked past the filter): the whole file is one document
  const documents = [{ id: file.name, title: file.name, text: await file.text() }];
  return { body: JSON.stringify(documents), type: 'application/json' };
}

function showChosenFile() {
  $('documents-file-clear').hidden = $('documents-file').files.length === 0;
}

function clearChosenFile() {
  $('documents-file').value = '';
  showChosenFile();
}

/* ---------- start ---------- */

function init() {
  setUpApiKey();
  $('ask-form').addEventListener('submit', submitQuestion);
  $('question').addEventListener('keydown', submitOnCtrlEnter);
  $('open-form').addEventListener('submit', openById);
  $('cancel-query').addEventListener('click', cancelQuery);
  $('documents-form').addEventListener('submit', submitDocuments);
  $('documents-file').addEventListener('change', showChosenFile);
  $('documents-file-clear').addEventListener('click', clearChosenFile);
  $('compare-refresh').addEventListener('click', () => { loadExperiment(); loadComparisons(); });
  $('experiment-form').addEventListener('submit', applyExperiment);
  $('experiment-reset').addEventListener('click', resetExperiment);
  window.addEventListener('hashchange', route);
  renderRecent();
  route();
}

init();
