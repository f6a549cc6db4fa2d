// The pipeline a team would hand-roll instead of ragline, for `./ragline bench pipeline
// --with-bullmq`: one Node process with an HTTP API, two BullMQ queues and their workers, result
// documents in Redis. HTTP submit -> queue "retrieve" -> queue "generate" -> one vLLM call ->
// the result in Redis, read by id with a long poll. It speaks ragline's HTTP API and writes
// ragline's result document (timestamps, retrievedAt, attempts) so that the benchmark measures
// both pipelines with the same load and the same arithmetic.
//
// What it leaves out, as such a pipeline would: no answer cache, no status compare-and-set (a job
// retried after a crash calls the LLM again), no fallback backend, no tracing, no streaming.
// Retrieval picks four 400-word passages of the sample corpus by a hash of the question: the
// prompt has the size of ragline's, and the search itself is not what is compared.
//
// Settings (environment): BASELINE_HTTP_PORT, BASELINE_REDIS_PORT, BASELINE_VLLM_URL,
// BASELINE_MODEL, BASELINE_CORPUS (a BEIR-style .jsonl). Prints "ready on PORT" when it serves.
import http from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

const httpPort = Number(process.env.BASELINE_HTTP_PORT ?? 0);
const redisPort = Number(process.env.BASELINE_REDIS_PORT ?? 6379);
const vllm = new URL('/v1/chat/completions', process.env.BASELINE_VLLM_URL ?? 'http://127.0.0.1:8000');
const model = process.env.BASELINE_MODEL ?? 'served-model';
const corpus = process.env.BASELINE_CORPUS;

const RESULT_TTL_SECONDS = 3600;
const LONG_POLL_MAX_MS = 30_000;
const PASSAGE_WORDS = 400;
const TOP_K = 4;
const FINAL = new Set(['DONE', 'FAILED', 'CANCELLED']);
const INSTRUCTION =
	'You answer questions about a document collection. Use only the numbered passages below. Cite the ' +
	'passages you use like [1] or [2]. If the passages do not contain the answer, say that the collection ' +
	'does not answer the question.';

const connection = { host: '127.0.0.1', port: redisPort, maxRetriesPerRequest: null };
const redis = new Redis(connection);
const subscriber = new Redis(connection);
const retrieveQueue = new Queue('retrieve', { connection });
const generateQueue = new Queue('generate', { connection });
const jobOptions = { removeOnComplete: true, removeOnFail: 1000 };
const vllmAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });

const passages = loadPassages(corpus);

/** Wall-clock time to the microsecond, as ISO-8601 (Java's Instant reads it). */
function now() {
	const micros = Math.round((performance.timeOrigin + performance.now()) * 1000);
	const iso = new Date(Math.floor(micros / 1000)).toISOString();
	return iso.slice(0, -1) + String(micros % 1000).padStart(3, '0') + 'Z';
}

function loadPassages(path) {
	const chunks = [];
	for (const line of readFileSync(path, 'utf8').split('\n')) {
		if (!line.trim()) {
			continue;
		}
		const document = JSON.parse(line);
		const words = String(document.text ?? '').split(/\s+/).filter(Boolean);
		for (let start = 0; start < words.length; start += PASSAGE_WORDS) {
			chunks.push({
				documentId: String(document._id ?? document.id),
				title: String(document.title ?? ''),
				text: words.slice(start, start + PASSAGE_WORDS).join(' '),
			});
		}
	}
	if (chunks.length === 0) {
		throw new Error(`No passages in ${path}`);
	}
	return chunks;
}

function key(id) {
	return `baseline:result:${id}`;
}

/** Stores a new version of a result document and tells its long polls. */
async function save(doc) {
	doc.version += 1;
	doc.updatedAt = now();
	const json = JSON.stringify(doc);
	await redis.multi().set(key(doc.id), json, 'EX', RESULT_TTL_SECONDS).publish(key(doc.id), json).exec();
}

function advance(doc, status) {
	doc.status = status;
	doc.timestamps[status] = now();
	return doc;
}

// ---- workers

new Worker(
	'retrieve',
	async (job) => {
		const doc = advance(job.data, 'RETRIEVING');
		await save(doc);
		const first = createHash('sha1').update(doc.question).digest().readUInt32BE(0) % passages.length;
		const found = [];
		for (let i = 0; i < TOP_K; i++) {
			found.push({ ...passages[(first + i) % passages.length], score: 1 / (i + 1) });
		}
		await generateQueue.add('generate', { doc, passages: found, retrievedAt: now() }, jobOptions);
	},
	{ connection, concurrency: 2 },
);

new Worker(
	'generate',
	async (job) => {
		const { doc, passages: found, retrievedAt } = job.data;
		advance(doc, 'GENERATING');
		await save(doc);
		const startedAt = now();
		const started = performance.now();
		const response = await complete(found, doc.question);
		const durationMillis = Math.floor(performance.now() - started);
		const answer = JSON.parse(response.body);
		doc.answer = answer.choices?.[0]?.message?.content ?? '';
		doc.sources = found;
		doc.backend = 'vllm';
		doc.model = answer.model ?? model;
		doc.retrievedAt = retrievedAt;
		doc.attempts = [
			{
				backend: 'vllm',
				model,
				outcome: response.status === 200 ? 'answered' : 'failed',
				reason: null,
				httpStatus: response.status,
				passages: found.length,
				startedAt,
				durationMillis,
			},
		];
		advance(doc, response.status === 200 ? 'DONE' : 'FAILED');
		await save(doc);
	},
	{ connection, concurrency: 64 },
);

function complete(found, question) {
	let user = 'Passages:\n';
	found.forEach((passage, i) => {
		user += `[${i + 1}] ${passage.title ? passage.title + '\n' : ''}${passage.text}\n\n`;
	});
	user += `Question: ${question}`;
	const body = JSON.stringify({
		model,
		messages: [
			{ role: 'system', content: INSTRUCTION },
			{ role: 'user', content: user },
		],
		max_tokens: 256,
		temperature: 0.2,
		stream: false,
	});
	return new Promise((resolve, reject) => {
		const request = http.request(
			vllm,
			{
				method: 'POST',
				agent: vllmAgent,
				headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
			},
			(response) => {
				const parts = [];
				response.on('data', (part) => parts.push(part));
				response.on('end', () =>
					resolve({ status: response.statusCode, body: Buffer.concat(parts).toString('utf8') }),
				);
				response.on('error', reject);
			},
		);
		request.on('socket', (socket) => socket.setNoDelay(true));
		request.on('error', reject);
		request.end(body);
	});
}

// ---- long polls: one subscriber connection, a channel per document while someone waits

const waiting = new Map();

subscriber.on('message', (channel, json) => {
	const doc = JSON.parse(json);
	if (FINAL.has(doc.status)) {
		for (const done of waiting.get(channel) ?? []) {
			done(json);
		}
	}
});

async function awaitFinal(id, waitMs) {
	const channel = key(id);
	let finish;
	const answered = new Promise((resolve) => (finish = resolve));
	if (!waiting.has(channel)) {
		waiting.set(channel, new Set());
		await subscriber.subscribe(channel);
	}
	waiting.get(channel).add(finish);
	const timer = setTimeout(() => finish(null), waitMs);
	const current = await redis.get(channel);
	if (current === null || FINAL.has(JSON.parse(current).status)) {
		finish(current);
	}
	const json = (await answered) ?? (await redis.get(channel));
	clearTimeout(timer);
	const listeners = waiting.get(channel);
	listeners.delete(finish);
	if (listeners.size === 0) {
		waiting.delete(channel);
		subscriber.unsubscribe(channel);
	}
	return json;
}

// ---- HTTP API: POST /api/queries, GET /api/queries/{id}?wait=10s

function send(response, status, body) {
	response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
	response.end(body);
}

function readBody(request) {
	return new Promise((resolve, reject) => {
		const parts = [];
		request.on('data', (part) => parts.push(part));
		request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		request.on('error', reject);
	});
}

async function submit(request, response) {
	let question;
	try {
		question = JSON.parse(await readBody(request)).question;
	} catch {
		question = undefined;
	}
	if (typeof question !== 'string' || question.trim() === '') {
		send(response, 400, JSON.stringify({ error: 'the body must be JSON with a non-empty "question"' }));
		return;
	}
	const id = randomUUID();
	const doc = { id, status: 'QUEUED', question, timestamps: { QUEUED: now() }, attempts: [], version: 0 };
	await save(doc);
	await retrieveQueue.add('retrieve', doc, jobOptions);
	send(response, 202, JSON.stringify({ id, status: 'QUEUED' }));
}

async function poll(id, url, response) {
	const wait = /^(\d+)s$/.exec(url.searchParams.get('wait') ?? '');
	const json = wait
		? await awaitFinal(id, Math.min(Number(wait[1]) * 1000, LONG_POLL_MAX_MS))
		: await redis.get(key(id));
	if (json === null) {
		send(response, 404, JSON.stringify({ error: `no query ${id}` }));
	} else {
		send(response, 200, json);
	}
}

const server = http.createServer((request, response) => {
	const url = new URL(request.url, 'http://localhost');
	const byId = /^\/api\/queries\/([^/]+)$/.exec(url.pathname);
	let handled;
	if (request.method === 'POST' && url.pathname === '/api/queries') {
		handled = submit(request, response);
	} else if (request.method === 'GET' && byId) {
		handled = poll(decodeURIComponent(byId[1]), url, response);
	} else {
		send(response, 404, JSON.stringify({ error: `no ${request.method} ${url.pathname}` }));
		return;
	}
	handled.catch((error) => send(response, 503, JSON.stringify({ error: String(error) })));
});
server.keepAliveTimeout = 60_000;

await redis.ping();
server.listen(httpPort, '127.0.0.1', () => console.log(`ready on ${server.address().port}`));

for (const signal of ['SIGTERM', 'SIGINT']) {
	process.on(signal, () => process.exit(0));
}
