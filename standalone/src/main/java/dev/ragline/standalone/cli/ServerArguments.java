package dev.ragline.standalone.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * What the command line of a command that starts services ({@code standalone},
 * {@code infra}, {@code run}) has beyond its own options: {@code --debug}, the help, and
 * Spring settings passed on to the services ({@code --server.port=8181}), which must have
 * a dotted name and a value.
 */
public abstract class ServerArguments implements CommandLines.Validated {

	/** Where the help lists the options every such command has: after its own. */
	private static final int LAST = 1000;

	@Option(names = "--debug", order = LAST, description = "stack traces on the console")
	private boolean debug;

	@Option(names = { "-h", "--help" }, usageHelp = true, order = LAST + 1, description = "show this help and exit")
	private boolean help;

	@Unmatched
	private List<String> unmatched = new ArrayList<>();

	@Spec
	private CommandSpec spec;

	private String[] settings = new String[0];

	@Override
	public void validate() {
		this.settings = CommandLines.settings(this.spec.commandLine(), this.unmatched);
		try {
			check();
		}
		catch (IllegalArgumentException ex) {
			throw new ParameterException(this.spec.commandLine(), ex.getMessage(), ex);
		}
	}

	/**
	 * Checks what picocli cannot: values that contradict each other, say.
	 * @throws IllegalArgumentException for a mistake
	 */
	protected void check() {
	}

	public boolean debug() {
		return this.debug;
	}

	/** The Spring settings, {@code --name=value} each. */
	public String[] settings() {
		return this.settings.clone();
	}

}
