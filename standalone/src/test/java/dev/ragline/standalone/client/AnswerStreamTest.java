package dev.ragline.standalone.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A growing answer printed as it grows: each part once. */
class AnswerStreamTest {

	private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

	private final AnswerStream answer = new AnswerStream(new PrintStream(this.printed, true, StandardCharsets.UTF_8));

	@Test
	void printsOnlyWhatWasNotPrintedBefore() {
		this.answer.show("Yes");
		this.answer.show("Yes, vitamin D");
		this.answer.show("Yes, vitamin D");
		this.answer.show(null);
		this.answer.show("Yes, vitamin D lowers PTH. [1]");
		assertThat(printed()).isEqualTo("Yes, vitamin D lowers PTH. [1]");
	}

	@Test
	void startsOverOnANewLineWhenTheTextDoesNotContinueWhatWasPrinted() {
		this.answer.show("Yes, vit");
		this.answer.show("According to [1], yes");
		this.answer.show("According to [1], yes: it lowers PTH.");
		assertThat(printed()).isEqualTo(String.format("Yes, vit%nAccording to [1], yes: it lowers PTH."));
	}

	@Test
	void endsTheLineOnlyWhenAnAnswerWasShown() {
		this.answer.end();
		assertThat(printed()).isEmpty();
		this.answer.show("Done.");
		this.answer.end();
		assertThat(printed()).isEqualTo(String.format("Done.%n"));
	}

	private String printed() {
		return this.printed.toString(StandardCharsets.UTF_8);
	}

}
