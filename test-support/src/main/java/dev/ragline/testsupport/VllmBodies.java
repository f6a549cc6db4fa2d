package dev.ragline.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.ragline.contracts.MessageJson;
import dev.ragline.testsupport.FakeVllm.ErrorEra;
import dev.ragline.testsupport.FakeVllm.Flavour;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bodies an OpenAI-compatible server sends, field for field: vLLM's (nulls included, as
 * pydantic's model_dump keeps them) and llama.cpp's ({@code docs/protocols/}).
 */
final class VllmBodies {

	private VllmBodies() {
	}

	static String chatCompletion(String model, String answer) {
		ObjectNode root = envelope("chatcmpl-", "chat.completion", model);
		ObjectNode choice = root.putArray("choices").addObject();
		choice.put("index", 0);
		ObjectNode message = choice.putObject("message");
		message.put("role", "assistant");
		message.put("content", answer);
		message.putNull("refusal");
		message.putNull("annotations");
		message.putNull("audio");
		message.putNull("function_call");
		message.putArray("tool_calls");
		message.putNull("reasoning_content");
		choice.putNull("logprobs");
		choice.put("finish_reason", "stop");
		choice.putNull("stop_reason");
		root.putNull("service_tier");
		root.putNull("system_fingerprint");
		usage(root, answer);
		root.putNull("prompt_logprobs");
		root.putNull("kv_transfer_params");
		return MessageJson.toString(root);
	}

	static String textCompletion(String model, String answer) {
		ObjectNode root = envelope("cmpl-", "text_completion", model);
		ObjectNode choice = root.putArray("choices").addObject();
		choice.put("index", 0);
		choice.put("text", answer);
		choice.putNull("logprobs");
		choice.put("finish_reason", "stop");
		choice.putNull("stop_reason");
		choice.putNull("prompt_logprobs");
		root.putNull("service_tier");
		root.putNull("system_fingerprint");
		usage(root, answer);
		root.putNull("kv_transfer_params");
		return MessageJson.toString(root);
	}

	/**
	 * {@code GET /v1/models}: vLLM's cards with {@code max_model_len}, or llama.cpp's
	 * with {@code owned_by: "llamacpp"} and {@code meta.n_ctx}; the context length only
	 * when the server reports it.
	 */
	static String models(Flavour flavour, List<String> served, Integer contextTokens) {
		ObjectNode root = MessageJson.mapper().createObjectNode();
		root.put("object", "list");
		ArrayNode data = root.putArray("data");
		for (String name : served) {
			ObjectNode card = data.addObject();
			card.put("id", name);
			card.put("object", "model");
			card.put("created", System.currentTimeMillis() / 1000);
			if (flavour == Flavour.LLAMA_CPP) {
				card.put("owned_by", "llamacpp");
				ObjectNode meta = card.putObject("meta");
				meta.put("vocab_type", 2);
				meta.put("n_vocab", 128256);
				if (contextTokens != null) {
					meta.put("n_ctx", contextTokens);
				}
				meta.put("n_ctx_train", 131072);
				meta.put("n_embd", 4096);
				continue;
			}
			card.put("owned_by", "vllm");
			card.put("root", name);
			card.putNull("parent");
			if (contextTokens != null) {
				card.put("max_model_len", contextTokens);
			}
		}
		return MessageJson.toString(root);
	}

	/** llama.cpp's {@code GET /props}; {@code n_ctx} 0 when it does not say. */
	static String llamaCppProps(String model, Integer contextTokens) {
		ObjectNode root = MessageJson.mapper().createObjectNode();
		ObjectNode settings = root.putObject("default_generation_settings");
		settings.putObject("params");
		settings.put("n_ctx", (contextTokens != null) ? contextTokens : 0);
		root.put("total_slots", 1);
		root.put("model_alias", model);
		root.put("model_path", "/models/" + model + ".gguf");
		return MessageJson.toString(root);
	}

	/**
	 * SSE: a role chunk (chat), one chunk per word, a finish chunk, then
	 * {@code data: [DONE]}. With an {@code error}, the stream breaks after the second
	 * word as the server does: vLLM sends an error event and {@code [DONE]} (the HTTP
	 * status stays 200), llama.cpp an error event and nothing after it.
	 */
	static String stream(Flavour flavour, boolean chat, String model, String answer, boolean error, ErrorEra era) {
		StringBuilder events = new StringBuilder();
		for (String event : events(chat, model, answer)) {
			events.append(event);
		}
		if (!error) {
			return events.append("data: [DONE]\n\n").toString();
		}
		List<String> all = events(chat, model, answer);
		StringBuilder broken = new StringBuilder();
		for (int i = 0; i < Math.min(all.size(), chat ? 3 : 2); i++) {
			broken.append(all.get(i));
		}
		broken.append(sse(streamError(flavour, era)));
		return (flavour == Flavour.LLAMA_CPP) ? broken.toString() : broken.append("data: [DONE]\n\n").toString();
	}

	/** Every event of a streamed answer, in order, without the final {@code [DONE]}. */
	static List<String> events(boolean chat, String model, String answer) {
		return events(chat, model, List.of(answer.split("(?<= )")));
	}

	/**
	 * Every event of a streamed answer made of {@code pieces}, one event each, in order,
	 * without the final {@code [DONE]}: a role event first (chat), a stop event last.
	 */
	static List<String> events(boolean chat, String model, List<String> pieces) {
		List<String> events = new java.util.ArrayList<>();
		String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID().toString().replace("-", "");
		long created = System.currentTimeMillis() / 1000;
		if (chat) {
			events.add(sse(chunk(id, created, model, true, "{\"role\":\"assistant\",\"content\":\"\"}", null)));
		}
		for (String piece : pieces) {
			String text = MessageJson.toString(piece);
			events.add(sse(chunk(id, created, model, chat, chat ? "{\"content\":" + text + "}" : text, null)));
		}
		events.add(sse(chunk(id, created, model, chat, chat ? "{}" : "\"\"", "stop")));
		return events;
	}

	private static String streamError(Flavour flavour, ErrorEra era) {
		if (flavour == Flavour.LLAMA_CPP) {
			return "{\"error\":{\"code\":500,\"message\":\"failed to decode the batch\",\"type\":\"server_error\"}}";
		}
		String inner = "\"message\":\"EngineGenerateError: generation failed\",\"type\":\"InternalServerError\","
				+ "\"param\":null,\"code\":500";
		return (era == ErrorEra.FLAT) ? "{\"error\":{\"object\":\"error\"," + inner + "}}"
				: "{\"error\":{" + inner + "}}";
	}

	private static String chunk(String id, long created, String model, boolean chat, String delta,
			String finishReason) {
		String finish = (finishReason != null) ? "\"" + finishReason + "\"" : "null";
		String choice = chat
				? "{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish + "}"
				: "{\"index\":0,\"text\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
						+ ",\"stop_reason\":null}";
		return "{\"id\":\"" + id + "\",\"object\":\"" + (chat ? "chat.completion.chunk" : "text_completion")
				+ "\",\"created\":" + created + ",\"model\":" + MessageJson.toString(model) + ",\"choices\":[" + choice
				+ "]" + (chat ? "" : ",\"usage\":null") + "}";
	}

	private static String sse(String json) {
		return "data: " + json + "\n\n";
	}

	private static ObjectNode envelope(String idPrefix, String object, String model) {
		ObjectNode root = MessageJson.mapper().createObjectNode();
		root.put("id", idPrefix + UUID.randomUUID().toString().replace("-", ""));
		root.put("object", object);
		root.put("created", System.currentTimeMillis() / 1000);
		root.put("model", model);
		return root;
	}

	private static void usage(ObjectNode root, String answer) {
		int completion = answer.split("\\s+").length;
		int prompt = 42;
		ObjectNode usage = root.putObject("usage");
		usage.put("prompt_tokens", prompt);
		usage.put("total_tokens", prompt + completion);
		usage.put("completion_tokens", completion);
		usage.putNull("prompt_tokens_details");
	}

	/** What a fake's {@code /metrics} counts, as vLLM's counters and histograms do. */
	static final class Counters {

		private long promptTokens;

		private long generationTokens;

		private long requests;

		private double latencySeconds;

		synchronized void served(int prompt, int generated, Duration latency) {
			this.promptTokens += prompt;
			this.generationTokens += generated;
			this.requests++;
			this.latencySeconds += latency.toNanos() / 1e9;
		}

	}

	/**
	 * {@code GET /metrics} in the Prometheus text format: vLLM's names for
	 * {@code version} (V1 with an {@code engine} label, V0 without and with
	 * {@code gpu_cache_usage_perc}), or llama.cpp's ({@code version} null). The time to
	 * the first token is the fake's latency (it answers in one piece), as is the
	 * end-to-end latency.
	 */
	static String metrics(FakeVllm.MetricsVersion version, String model, int running, int waiting, double kvCacheUsage,
			Counters counters) {
		StringBuilder text = new StringBuilder();
		synchronized (counters) {
			if (version == null) {
				sample(text, "llamacpp:requests_processing", "gauge", "", running);
				sample(text, "llamacpp:requests_deferred", "gauge", "", waiting);
				sample(text, "llamacpp:kv_cache_usage_ratio", "gauge", "", kvCacheUsage);
				sample(text, "llamacpp:prompt_tokens_total", "counter", "", counters.promptTokens);
				sample(text, "llamacpp:tokens_predicted_total", "counter", "", counters.generationTokens);
				return text.toString();
			}
			String labels = (version == FakeVllm.MetricsVersion.V1) ? "{engine=\"0\",model_name=\"" + model + "\"}"
					: "{model_name=\"" + model + "\"}";
			sample(text, "vllm:num_requests_running", "gauge", labels, running);
			sample(text, "vllm:num_requests_waiting", "gauge", labels, waiting);
			sample(text,
					(version == FakeVllm.MetricsVersion.V1) ? "vllm:kv_cache_usage_perc" : "vllm:gpu_cache_usage_perc",
					"gauge", labels, kvCacheUsage);
			sample(text, "vllm:prompt_tokens_total", "counter", labels, counters.promptTokens);
			sample(text, "vllm:generation_tokens_total", "counter", labels, counters.generationTokens);
			histogram(text, "vllm:time_to_first_token_seconds", labels, counters.latencySeconds, counters.requests);
			histogram(text, "vllm:e2e_request_latency_seconds", labels, counters.latencySeconds, counters.requests);
		}
		return text.toString();
	}

	private static void sample(StringBuilder text, String name, String type, String labels, double value) {
		text.append("# HELP ").append(name).append(' ').append(name.substring(name.indexOf(':') + 1)).append('\n');
		text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
		text.append(name).append(labels).append(' ').append(value).append('\n');
	}

	/** A histogram with one bucket ({@code +Inf}), its sum and its count. */
	private static void histogram(StringBuilder text, String name, String labels, double sum, long count) {
		String bucketLabels = labels.substring(0, labels.length() - 1) + ",le=\"+Inf\"}";
		text.append("# TYPE ").append(name).append(" histogram\n");
		text.append(name).append("_bucket").append(bucketLabels).append(' ').append((double) count).append('\n');
		text.append(name).append("_sum").append(labels).append(' ').append(sum).append('\n');
		text.append(name).append("_count").append(labels).append(' ').append((double) count).append('\n');
	}

}
