package dev.ragline.bench;

import java.util.List;

/** Order statistics of a run's measurements. */
public final class Stats {

	private Stats() {
	}

	public static double median(List<Double> values) {
		return percentile(values, 50);
	}

	/** The nearest-rank percentile. */
	public static double percentile(List<Double> values, double percent) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		List<Double> sorted = values.stream().sorted().toList();
		int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

}
