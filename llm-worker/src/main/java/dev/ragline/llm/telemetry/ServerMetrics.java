package dev.ragline.llm.telemetry;

import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import dev.ragline.llm.telemetry.PrometheusText.Sample;

/**
 * One reading of an OpenAI-compatible server's {@code /metrics}, in the names each server
 * and version uses (see docs/protocols/vllm.md, §8):
 * <ul>
 * <li>vLLM V1 and V0: {@code vllm:num_requests_running},
 * {@code vllm:num_requests_waiting}, {@code vllm:kv_cache_usage_perc} (V1) or
 * {@code vllm:gpu_cache_usage_perc} (V0), the token counters
 * {@code vllm:prompt_tokens_total} and {@code vllm:generation_tokens_total}, and the
 * histograms {@code vllm:time_to_first_token_seconds} and
 * {@code vllm:e2e_request_latency_seconds} (their {@code _sum} and {@code _count}); all
 * labelled {@code model_name}, V1 also {@code engine};</li>
 * <li>llama.cpp's {@code llama-server --metrics}: {@code llamacpp:requests_processing},
 * {@code llamacpp:requests_deferred}, {@code llamacpp:kv_cache_usage_ratio},
 * {@code llamacpp:prompt_tokens_total}, {@code llamacpp:tokens_predicted_total}.</li>
 * </ul>
 * Samples of several engines add up (the KV cache: the fullest one counts). When the
 * server labels samples with the model ragline asks for, only those count. A figure the
 * server does not report is {@code null}.
 */
record ServerMetrics(Double running, Double waiting, Double kvCacheUsage, Double promptTokens, Double generationTokens,
		Double timeToFirstTokenSum, Double timeToFirstTokenCount, Double latencySum, Double latencyCount) {

	private static final Map<String, List<String>> NAMES = Map.of("running",
			List.of("vllm:num_requests_running", "llamacpp:requests_processing"), "waiting",
			List.of("vllm:num_requests_waiting", "llamacpp:requests_deferred"), "kv",
			List.of("vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc", "llamacpp:kv_cache_usage_ratio"), "prompt",
			List.of("vllm:prompt_tokens_total", "llamacpp:prompt_tokens_total"), "generation",
			List.of("vllm:generation_tokens_total", "llamacpp:tokens_predicted_total"), "ttftSum",
			List.of("vllm:time_to_first_token_seconds_sum"), "ttftCount",
			List.of("vllm:time_to_first_token_seconds_count"), "latencySum",
			List.of("vllm:e2e_request_latency_seconds_sum"), "latencyCount",
			List.of("vllm:e2e_request_latency_seconds_count"));

	private static final String MODEL_LABEL = "model_name";

	/** The reading of {@code samples}, for {@code model} where the server labels it. */
	static ServerMetrics of(List<Sample> samples, String model) {
		List<Sample> ours = (model != null
				&& samples.stream().anyMatch((sample) -> model.equals(sample.labels().get(MODEL_LABEL))))
						? samples.stream()
							.filter((sample) -> !sample.labels().containsKey(MODEL_LABEL)
									|| model.equals(sample.labels().get(MODEL_LABEL)))
							.toList()
						: samples;
		return new ServerMetrics(sum(ours, "running"), sum(ours, "waiting"), combine(ours, "kv", Math::max),
				sum(ours, "prompt"), sum(ours, "generation"), sum(ours, "ttftSum"), sum(ours, "ttftCount"),
				sum(ours, "latencySum"), sum(ours, "latencyCount"));
	}

	/** Whether the text held any figure this reads (else it is no vLLM or llama.cpp). */
	boolean isEmpty() {
		return this.running == null && this.waiting == null && this.kvCacheUsage == null && this.promptTokens == null
				&& this.generationTokens == null;
	}

	private static Double sum(List<Sample> samples, String figure) {
		return combine(samples, figure, Double::sum);
	}

	/** The first of the figure's names that has samples, its values combined. */
	private static Double combine(List<Sample> samples, String figure, BinaryOperator<Double> combiner) {
		for (String name : NAMES.get(figure)) {
			Double value = samples.stream()
				.filter((sample) -> name.equals(sample.name()) && !Double.isNaN(sample.value()))
				.map(Sample::value)
				.reduce(combiner)
				.orElse(null);
			if (value != null) {
				return value;
			}
		}
		return null;
	}

}
