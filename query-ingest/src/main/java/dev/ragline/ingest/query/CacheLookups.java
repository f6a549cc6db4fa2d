package dev.ragline.ingest.query;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Answer cache lookups of this process, as {@code ragline.cache.lookups} with
 * {@code result} {@code hit} or {@code miss}; the pipeline view shows the hit rate.
 */
public class CacheLookups {

	private final Counter hits;

	private final Counter misses;

	public CacheLookups(MeterRegistry registry) {
		this.hits = counter(registry, "hit");
		this.misses = counter(registry, "miss");
	}

	private static Counter counter(MeterRegistry registry, String result) {
		return Counter.builder("ragline.cache.lookups")
			.description("Answer cache lookups of submitted questions")
			.tag("result", result)
			.register(registry);
	}

	void record(boolean hit) {
		(hit ? this.hits : this.misses).increment();
	}

	public long hits() {
		return (long) this.hits.count();
	}

	public long lookups() {
		return (long) (this.hits.count() + this.misses.count());
	}

}
