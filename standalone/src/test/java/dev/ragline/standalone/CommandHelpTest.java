package dev.ragline.standalone;

import java.util.HashSet;
import java.util.Set;

import dev.ragline.standalone.infra.InfraCommand;
import dev.ragline.standalone.run.RunCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's help names every option the command takes. */
class CommandHelpTest {

	@Test
	void standaloneHelpListsItsOptions() {
		assertListsOptions("standalone", StandaloneOptions.VALUED, StandaloneOptions.FLAGS);
	}

	@Test
	void infraHelpListsItsOptions() {
		assertListsOptions("infra", InfraCommand.VALUED, InfraCommand.FLAGS);
	}

	@Test
	void runHelpListsItsOptions() {
		assertListsOptions("run", RunCommand.VALUED, RunCommand.FLAGS);
	}

	@Test
	void everyCommandHasHelp() {
		for (String command : CommandHelp.COMMANDS) {
			assertThat(CommandHelp.of(command)).startsWith("Usage: ./ragline " + command).contains("-h, --help");
		}
		assertThat(CommandHelp.exists("cds-training")).isFalse();
	}

	@Test
	void helpIsAskedWithEitherSpelling() {
		assertThat(CommandHelp.asked(new String[] { "--ports=auto", "--help" })).isTrue();
		assertThat(CommandHelp.asked(new String[] { "-h" })).isTrue();
		assertThat(CommandHelp.asked(new String[] { "--ragline.help=x" })).isFalse();
	}

	/**
	 * Options with a dotted name are Spring settings, which the help describes as a class
	 * rather than one by one.
	 */
	static void assertListsOptions(String command, Set<String> valued, Set<String> flags) {
		String help = CommandHelp.of(command);
		Set<String> options = new HashSet<>(valued);
		options.addAll(flags);
		options.removeIf((option) -> option.contains("."));
		assertThat(options).isNotEmpty().allSatisfy((option) -> assertThat(help).contains("--" + option));
	}

}
