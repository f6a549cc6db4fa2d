package dev.ragline.standalone.client;

import java.io.PrintStream;

/**
 * Prints an answer while a backend is still writing it. Every version of the result
 * document carries the whole answer so far, so only what was not printed yet is printed;
 * a text that does not continue what was printed (the answer started over, say on Ollama
 * after vLLM broke off) is printed whole, on a new line.
 */
final class AnswerStream {

	private final PrintStream out;

	private String printed = "";

	AnswerStream(PrintStream out) {
		this.out = out;
	}

	/** Shows {@code text}, the answer so far; {@code null} or empty shows nothing. */
	void show(String text) {
		if (text == null || text.isEmpty()) {
			return;
		}
		if (text.startsWith(this.printed)) {
			this.out.print(text.substring(this.printed.length()));
		}
		else {
			this.out.println();
			this.out.print(text);
		}
		this.printed = text;
		this.out.flush();
	}

	/** Ends the answer's line, when an answer was shown. */
	void end() {
		if (!this.printed.isEmpty()) {
			this.out.println();
		}
	}

}
