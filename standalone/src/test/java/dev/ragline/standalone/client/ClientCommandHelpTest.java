package dev.ragline.standalone.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The help of {@code ask} and {@code status} names every option they take. */
class ClientCommandHelpTest {

	@Test
	void askHelpListsItsOptions() throws IOException {
		assertListsOptions("ask", AskCommand.VALUED, AskCommand.FLAGS);
	}

	@Test
	void statusHelpListsItsOptions() throws IOException {
		assertListsOptions("status", StatusCommand.VALUED, StatusCommand.FLAGS);
	}

	private static void assertListsOptions(String command, Set<String> valued, Set<String> flags) throws IOException {
		String help;
		try (InputStream text = ClientCommandHelpTest.class.getResourceAsStream("/help/" + command + ".txt")) {
			help = new String(text.readAllBytes(), StandardCharsets.UTF_8);
		}
		Set<String> options = new HashSet<>(valued);
		options.addAll(flags);
		assertThat(help).startsWith("Usage: ./ragline " + command);
		assertThat(options).allSatisfy((option) -> assertThat(help).contains("--" + option));
	}

}
