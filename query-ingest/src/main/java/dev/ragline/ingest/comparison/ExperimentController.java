package dev.ragline.ingest.comparison;

import java.time.Clock;
import java.util.List;

import dev.ragline.contracts.ExperimentSetting;
import dev.ragline.contracts.MessageJson;
import dev.ragline.contracts.WorkerStatus;
import dev.ragline.ingest.api.BadRequestException;
import dev.ragline.resultstore.ExperimentSettings;
import dev.ragline.resultstore.WorkerStatusBoard;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/experiment}: the backend experiment every llm-worker runs. {@code GET}
 * shows the shared setting and what each worker runs now; {@code PUT} with
 * {@code {"mode":"shadow","share":0.2,"shadowBackend":"ollama"}} sets it for all of them
 * (they take it up within their follow interval, a second by default); {@code DELETE}
 * removes it, so each worker goes back to its own {@code ragline.experiment.*}.
 */
@RestController
@RequestMapping(path = "/api/experiment", produces = MediaType.APPLICATION_JSON_VALUE)
class ExperimentController {

	/** The share a new shared setting takes when the request names none. */
	static final double DEFAULT_SHARE = 0.1;

	private final ExperimentSettings shared;

	private final WorkerStatusBoard workers;

	private final Clock clock;

	ExperimentController(ExperimentSettings shared, WorkerStatusBoard workers, Clock clock) {
		this.shared = shared;
		this.workers = workers;
		this.clock = clock;
	}

	/**
	 * @param shared the setting every worker follows, {@code null} when none is set
	 * @param workers what each llm-worker with the primary role runs now
	 */
	record ExperimentView(ExperimentSetting shared, List<WorkerExperiment> workers) {

	}

	/** One worker's experiment, as its latest status says. */
	record WorkerExperiment(String instance, String role, ExperimentSetting experiment) {

	}

	@GetMapping
	ExperimentView view() {
		List<WorkerExperiment> running = this.workers.all()
			.stream()
			.filter((status) -> WorkerStatus.LLM_WORKER.equals(status.service()) && status.experiment() != null)
			.map((status) -> new WorkerExperiment(status.instance(), status.role(), status.experiment()))
			.toList();
		return new ExperimentView(this.shared.read().orElse(null), running);
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ExperimentView change(@RequestBody(required = false) byte[] body) {
		JsonNode json = parse(body);
		ExperimentSetting now = this.shared.read().orElse(null);
		double share = (now != null) ? now.share() : DEFAULT_SHARE;
		if (json.has("share") && !json.get("share").isNull()) {
			if (!json.get("share").isNumber()) {
				throw new BadRequestException("share", "share must be a number from 0 to 1");
			}
			share = json.get("share").asDouble();
		}
		String shadowBackend = text(json, "shadowBackend");
		if (shadowBackend == null && now != null) {
			shadowBackend = now.shadowBackend();
		}
		String mode = text(json, "mode");
		if (mode == null) {
			throw new BadRequestException("mode", "mode is required: off, shadow or split");
		}
		try {
			this.shared.write(new ExperimentSetting(mode, share, shadowBackend, this.clock.instant()));
		}
		catch (IllegalArgumentException ex) {
			// the setting's message begins with the field it refuses
			throw new BadRequestException(ex.getMessage().split(" ", 2)[0], ex.getMessage());
		}
		return view();
	}

	@DeleteMapping
	ExperimentView reset() {
		this.shared.clear();
		return view();
	}

	private static JsonNode parse(byte[] body) {
		if (body == null || body.length == 0) {
			throw new BadRequestException(null,
					"The request body is empty; send {\"mode\": \"shadow\", \"share\": 0.2} (mode off, shadow or split)");
		}
		JsonNode json;
		try {
			json = MessageJson.tree(body);
		}
		catch (JacksonException ex) {
			throw new BadRequestException(null, "The request body is not valid JSON: " + ex.getOriginalMessage());
		}
		if (json == null || !json.isObject()) {
			throw new BadRequestException(null, "The request body must be a JSON object like {\"mode\": \"shadow\"}");
		}
		return json;
	}

	private static String text(JsonNode json, String field) {
		JsonNode node = json.get(field);
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isString()) {
			throw new BadRequestException(field, field + " must be a string");
		}
		return node.asString();
	}

}
