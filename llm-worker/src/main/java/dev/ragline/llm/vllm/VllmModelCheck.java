package dev.ragline.llm.vllm;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the worker is up, asks vLLM which models it serves and logs them next to the
 * configured one and the URL used, so a model-name mismatch (the usual cause of a vLLM
 * 404) shows in the log before the first query fails. Runs in the background: vLLM may
 * start later than ragline.
 */
class VllmModelCheck implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(VllmModelCheck.class);

	private final VllmClient client;

	private final VllmProperties properties;

	VllmModelCheck(VllmClient client, VllmProperties properties) {
		this.client = client;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		if (!this.client.configured()) {
			return;
		}
		Thread check = new Thread(this::check, "vllm-model-check");
		check.setDaemon(true);
		check.start();
	}

	void check() {
		List<String> served = this.client.servedModels();
		String configured = this.properties.model();
		if (served.isEmpty()) {
			logger.warn("vLLM: GET {} gave no model list (vLLM not up yet, or the base URL is wrong); "
					+ "answers are requested from {}", this.client.modelsUrl(), this.client.endpointUrl());
		}
		else if (configured != null && !configured.isBlank() && !served.contains(configured)) {
			logger.error("vLLM at {} serves {} but ragline.vllm.model is '{}': every query will be rerouted "
					+ "(VLLM_MODEL_NOT_FOUND) until they match", this.client.endpointUrl(), served, configured);
		}
		else {
			logger.info("vLLM at {} serves {}; asking for '{}'", this.client.endpointUrl(), served,
					(configured == null || configured.isBlank()) ? served.get(0) : configured);
		}
	}

}
