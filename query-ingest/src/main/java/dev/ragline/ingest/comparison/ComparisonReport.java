package dev.ragline.ingest.comparison;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import dev.ragline.contracts.Comparison;

/**
 * {@code GET /api/comparisons}: the latest shadow comparisons summed up, per backend and
 * model, the primary's answers and the shadow's side by side, and how much the two
 * answers agree.
 *
 * @param generatedAt when it was computed
 * @param comparisons how many comparisons it covers (the latest, up to the limit asked)
 * @param backends the figures of each backend and model, primary first
 * @param sourceAgreement mean share of cited passages the two answers have in common
 * (over the answered shadows)
 * @param answerSimilarity mean similarity of the two answers (cosine of their embeddings)
 */
public record ComparisonReport(Instant generatedAt, int comparisons, List<Figures> backends, Double sourceAgreement,
		Double answerSimilarity) {

	/**
	 * One backend and model in one role.
	 *
	 * @param role {@code primary} (the answers users got) or {@code shadow}
	 * @param backend the backend
	 * @param model its model
	 * @param count calls
	 * @param errors calls that failed
	 * @param errorRate errors over calls
	 * @param latencyP50Ms median call duration
	 * @param latencyP95Ms 95th percentile call duration
	 * @param timeToFirstTokenP50Ms median time to the first text (streamed calls)
	 * @param tokensPerSecondP50 median generation speed
	 */
	public record Figures(String role, String backend, String model, int count, int errors, double errorRate,
			Double latencyP50Ms, Double latencyP95Ms, Double timeToFirstTokenP50Ms, Double tokensPerSecondP50) {

	}

	static ComparisonReport of(List<Comparison> comparisons, Instant now) {
		List<Figures> backends = new ArrayList<>();
		group(comparisons, (c) -> c.primaryBackend() + "\n" + c.primaryModel()).forEach((key,
				group) -> backends.add(figures("primary", group.get(0).primaryBackend(), group.get(0).primaryModel(),
						group, (c) -> true, Comparison::primaryLatencyMs, Comparison::primaryTimeToFirstTokenMs,
						Comparison::primaryTokensPerSecond)));
		group(comparisons, (c) -> c.backend() + "\n" + c.model()).forEach((key, group) -> backends
			.add(figures("shadow", group.get(0).backend(), group.get(0).model(), group, Comparison::answered,
					Comparison::latencyMs, Comparison::timeToFirstTokenMs, Comparison::tokensPerSecond)));
		List<Comparison> answered = comparisons.stream().filter(Comparison::answered).toList();
		return new ComparisonReport(now, comparisons.size(), backends, mean(answered, Comparison::sourceAgreement),
				mean(answered, Comparison::answerSimilarity));
	}

	private static Map<String, List<Comparison>> group(List<Comparison> comparisons, Function<Comparison, String> key) {
		Map<String, List<Comparison>> groups = new LinkedHashMap<>();
		comparisons.forEach((comparison) -> groups.computeIfAbsent(key.apply(comparison), (k) -> new ArrayList<>())
			.add(comparison));
		return groups;
	}

	private static Figures figures(String role, String backend, String model, List<Comparison> group,
			java.util.function.Predicate<Comparison> succeeded, Function<Comparison, Long> latency,
			Function<Comparison, Long> firstToken, Function<Comparison, Double> speed) {
		List<Comparison> ok = group.stream().filter(succeeded).toList();
		int errors = group.size() - ok.size();
		return new Figures(role, backend, model, group.size(), errors, (double) errors / group.size(),
				percentile(ok, latency, 50), percentile(ok, latency, 95), percentile(ok, firstToken, 50),
				percentile(ok, speed, 50));
	}

	/**
	 * The nearest-rank percentile of the values present, or {@code null} when none is.
	 */
	static <N extends Number> Double percentile(List<Comparison> comparisons, Function<Comparison, N> value, int p) {
		List<Double> values = comparisons.stream()
			.map(value)
			.filter(Objects::nonNull)
			.map(Number::doubleValue)
			.sorted(Comparator.naturalOrder())
			.toList();
		if (values.isEmpty()) {
			return null;
		}
		int rank = (int) Math.ceil(p / 100.0 * values.size());
		return values.get(Math.max(0, rank - 1));
	}

	private static Double mean(List<Comparison> comparisons, Function<Comparison, Double> value) {
		return comparisons.stream()
			.map(value)
			.filter(Objects::nonNull)
			.mapToDouble(Double::doubleValue)
			.average()
			.stream()
			.boxed()
			.findFirst()
			.orElse(null);
	}

}
