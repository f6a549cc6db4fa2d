package dev.ragline.ingest.comparison;

import java.time.Clock;

import dev.ragline.ingest.api.BadRequestException;
import dev.ragline.resultstore.ComparisonLog;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/comparisons?limit=1000}: the report of the latest shadow comparisons
 * (see {@code ragline.experiment.*} on the llm-workers).
 */
@RestController
class ComparisonController {

	static final int MAX_LIMIT = 10_000;

	private final ComparisonLog log;

	private final Clock clock;

	ComparisonController(ComparisonLog log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	@GetMapping("/api/comparisons")
	ComparisonReport report(@RequestParam(defaultValue = "1000") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestException("limit", "limit must be 1 to " + MAX_LIMIT);
		}
		return ComparisonReport.of(this.log.latest(limit), this.clock.instant());
	}

}
