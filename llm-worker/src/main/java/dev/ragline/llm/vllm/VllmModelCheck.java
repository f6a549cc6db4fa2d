package dev.ragline.llm.vllm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Once the worker is up, asks the server which models it serves and logs what that means,
 * no more and no less: vLLM refuses a name it does not serve (every query would be
 * rerouted with {@code VLLM_MODEL_NOT_FOUND}), llama.cpp's server answers any name, and
 * of another server it cannot be told. Runs in the background: the server may start later
 * than ragline.
 */
class VllmModelCheck implements ApplicationListener<ApplicationReadyEvent> {

	private static final Logger logger = LoggerFactory.getLogger(VllmModelCheck.class);

	private final VllmClient client;

	private final ServedModels served;

	private final VllmProperties properties;

	VllmModelCheck(VllmClient client, ServedModels served, VllmProperties properties) {
		this.client = client;
		this.served = served;
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
		ServerInfo info = this.served.refresh();
		String configured = this.properties.model();
		boolean named = configured != null && !configured.isBlank();
		String context = (info.contextLength() != null) ? "context " + info.contextLength() + " tokens"
				: "context length not reported (prompts are fitted once the server refuses one)";
		if (!info.known()) {
			logger.warn("vLLM: GET {} gave no model list (not up yet, or the base URL is wrong); answers are "
					+ "requested from {}", this.client.modelsUrl(), this.client.endpointUrl());
		}
		else if (!named || info.models().contains(configured)) {
			logger.info("{} at {} serves {}; asking for '{}'; {}", serverName(info), this.client.endpointUrl(),
					info.models(), named ? configured : info.models().get(0), context);
		}
		else if (Boolean.FALSE.equals(info.enforcesModelNames())) {
			logger.info(
					"{} at {} serves {} and answers whatever model is asked for; ragline.vllm.model '{}' is "
							+ "sent as it is; {}",
					serverName(info), this.client.endpointUrl(), info.models(), configured, context);
		}
		else if (Boolean.TRUE.equals(info.enforcesModelNames())) {
			logger.error(
					"vLLM at {} serves {} but ragline.vllm.model is '{}': vLLM answers 404 for a model it "
							+ "does not serve, so every query will be rerouted (VLLM_MODEL_NOT_FOUND) until they match",
					this.client.endpointUrl(), info.models(), configured);
		}
		else {
			logger.warn("The server at {} lists {}, not ragline.vllm.model '{}'. If it refuses names it does not "
					+ "serve (vLLM does), every query will be rerouted (VLLM_MODEL_NOT_FOUND); some servers "
					+ "answer any name", this.client.endpointUrl(), info.models(), configured);
		}
	}

	private static String serverName(ServerInfo info) {
		return switch (info.flavour()) {
			case VLLM -> "vLLM";
			case LLAMA_CPP -> "llama.cpp's server";
			case OTHER -> "The OpenAI-compatible server";
		};
	}

}
