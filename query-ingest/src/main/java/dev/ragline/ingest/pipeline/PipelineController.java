package dev.ragline.ingest.pipeline;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/pipeline}: the pipeline view of the console and of ./ragline status.
 */
@RestController
class PipelineController {

	private final PipelineViews views;

	PipelineController(PipelineViews views) {
		this.views = views;
	}

	@GetMapping("/api/pipeline")
	PipelineView pipeline() {
		return this.views.gather();
	}

}
