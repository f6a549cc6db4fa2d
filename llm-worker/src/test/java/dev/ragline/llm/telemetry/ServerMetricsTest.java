package dev.ragline.llm.telemetry;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code /metrics} texts of vLLM V1 and V0 and of llama.cpp, as their sources write
 * them (docs/protocols/vllm.md §8), read into the same figures.
 */
class ServerMetricsTest {

	private static final String VLLM_V1 = """
			# HELP vllm:num_requests_running Number of requests in model execution batches.
			# TYPE vllm:num_requests_running gauge
			vllm:num_requests_running{engine="0",model_name="qwen"} 3.0
			vllm:num_requests_running{engine="1",model_name="qwen"} 2.0
			vllm:num_requests_running{engine="0",model_name="other"} 40.0
			# TYPE vllm:num_requests_waiting gauge
			vllm:num_requests_waiting{engine="0",model_name="qwen"} 7.0
			vllm:num_requests_waiting{engine="1",model_name="qwen"} 1.0
			# TYPE vllm:kv_cache_usage_perc gauge
			vllm:kv_cache_usage_perc{engine="0",model_name="qwen"} 0.25
			vllm:kv_cache_usage_perc{engine="1",model_name="qwen"} 0.5
			# TYPE vllm:prompt_tokens_total counter
			vllm:prompt_tokens_total{engine="0",model_name="qwen"} 1200.0
			# TYPE vllm:generation_tokens_total counter
			vllm:generation_tokens_total{engine="0",model_name="qwen"} 300.0
			# TYPE vllm:time_to_first_token_seconds histogram
			vllm:time_to_first_token_seconds_bucket{engine="0",le="0.1",model_name="qwen"} 2.0
			vllm:time_to_first_token_seconds_bucket{engine="0",le="+Inf",model_name="qwen"} 4.0
			vllm:time_to_first_token_seconds_sum{engine="0",model_name="qwen"} 0.8
			vllm:time_to_first_token_seconds_count{engine="0",model_name="qwen"} 4.0
			vllm:e2e_request_latency_seconds_sum{engine="0",model_name="qwen"} 6.0
			vllm:e2e_request_latency_seconds_count{engine="0",model_name="qwen"} 4.0
			""";

	private static final String VLLM_V0 = """
			# TYPE vllm:num_requests_running gauge
			vllm:num_requests_running{model_name="qwen"} 1.0
			vllm:num_requests_waiting{model_name="qwen"} 0.0
			vllm:gpu_cache_usage_perc{model_name="qwen"} 0.125
			vllm:prompt_tokens_total{model_name="qwen"} 10.0
			vllm:generation_tokens_total{model_name="qwen"} 5.0
			""";

	private static final String LLAMA_CPP = """
			# HELP llamacpp:prompt_tokens_total Number of prompt tokens processed.
			# TYPE llamacpp:prompt_tokens_total counter
			llamacpp:prompt_tokens_total 2304
			llamacpp:tokens_predicted_total 96
			llamacpp:kv_cache_usage_ratio 0.0625
			llamacpp:requests_processing 1
			llamacpp:requests_deferred 3
			""";

	@Test
	void readsVllmV1AddingUpEnginesAndKeepingToTheModelAskedFor() {
		ServerMetrics metrics = ServerMetrics.of(PrometheusText.parse(VLLM_V1), "qwen");

		assertThat(metrics.running()).isEqualTo(5.0);
		assertThat(metrics.waiting()).isEqualTo(8.0);
		assertThat(metrics.kvCacheUsage()).as("the fullest engine").isEqualTo(0.5);
		assertThat(metrics.promptTokens()).isEqualTo(1200.0);
		assertThat(metrics.generationTokens()).isEqualTo(300.0);
		assertThat(metrics.timeToFirstTokenSum()).isEqualTo(0.8);
		assertThat(metrics.timeToFirstTokenCount()).isEqualTo(4.0);
		assertThat(metrics.latencySum()).isEqualTo(6.0);
		assertThat(metrics.isEmpty()).isFalse();
	}

	@Test
	void readsEveryModelWhenTheServerDoesNotServeTheOneAskedForByThatName() {
		assertThat(ServerMetrics.of(PrometheusText.parse(VLLM_V1), "alias").running()).isEqualTo(45.0);
	}

	@Test
	void readsVllmV0WithItsOlderKvCacheName() {
		ServerMetrics metrics = ServerMetrics.of(PrometheusText.parse(VLLM_V0), "qwen");

		assertThat(metrics.kvCacheUsage()).isEqualTo(0.125);
		assertThat(metrics.running()).isEqualTo(1.0);
		assertThat(metrics.waiting()).isZero();
		assertThat(metrics.timeToFirstTokenSum()).isNull();
	}

	@Test
	void readsLlamaCppsNames() {
		ServerMetrics metrics = ServerMetrics.of(PrometheusText.parse(LLAMA_CPP), "any");

		assertThat(metrics.running()).isEqualTo(1.0);
		assertThat(metrics.waiting()).isEqualTo(3.0);
		assertThat(metrics.kvCacheUsage()).isEqualTo(0.0625);
		assertThat(metrics.promptTokens()).isEqualTo(2304.0);
		assertThat(metrics.generationTokens()).isEqualTo(96.0);
	}

	@Test
	void findsNothingInAnotherServersMetrics() {
		assertThat(ServerMetrics.of(PrometheusText.parse("process_cpu_seconds_total 12.5\n"), "qwen").isEmpty())
			.isTrue();
	}

	@Test
	void parsesLabelsWithEscapesSpecialValuesAndTimestamps() {
		List<PrometheusText.Sample> samples = PrometheusText.parse("""
				# a comment
				metric_a{path="C:\\\\dir",quote="say \\"hi\\"",line="a\\nb"} 1.5 1712345678000
				metric_b NaN
				metric_c{} +Inf
				metric_d -Inf
				not a sample
				""");

		assertThat(samples).hasSize(4);
		assertThat(samples.get(0).labels()).isEqualTo(Map.of("path", "C:\\dir", "quote", "say \"hi\"", "line", "a\nb"));
		assertThat(samples.get(0).value()).isEqualTo(1.5);
		assertThat(samples.get(1).value()).isNaN();
		assertThat(samples.get(2).value()).isInfinite();
		assertThat(samples.get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
	}

}
