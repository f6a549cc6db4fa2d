package dev.ragline.llm.vllm;

import java.util.List;

/**
 * What an OpenAI-compatible server says about itself ({@code GET /v1/models}, and
 * llama.cpp's {@code GET /props}): the model names it serves, its context length, and
 * which server it is, as far as it can be told.
 *
 * @param models the served names, first = the server's default
 * @param contextLength the most tokens a prompt and its answer may have, or {@code null}
 * when the server does not say
 * @param flavour which server answered
 */
record ServerInfo(List<String> models, Integer contextLength, Flavour flavour) {

	/** Nothing known: the server did not answer, or not as an OpenAI server does. */
	static final ServerInfo UNKNOWN = new ServerInfo(List.of(), null, Flavour.OTHER);

	ServerInfo {
		models = List.copyOf(models);
	}

	/** Which server answers at the base URL. */
	enum Flavour {

		/** vLLM: {@code owned_by: "vllm"}; refuses a model it does not serve with 404. */
		VLLM,

		/** llama.cpp's llama-server: {@code owned_by: "llamacpp"}; serves any name. */
		LLAMA_CPP,

		/** Another OpenAI-compatible server, or none. */
		OTHER

	}

	boolean known() {
		return !this.models.isEmpty();
	}

	/**
	 * Whether a request for a name the server does not list is refused: {@code true} for
	 * vLLM, {@code false} for llama.cpp, {@code null} when it cannot be told.
	 */
	Boolean enforcesModelNames() {
		return switch (this.flavour) {
			case VLLM -> true;
			case LLAMA_CPP -> false;
			case OTHER -> null;
		};
	}

	ServerInfo withContextLength(Integer contextLength) {
		return new ServerInfo(this.models, contextLength, this.flavour);
	}

}
