package dev.ragline.standalone;

import java.util.Arrays;

/**
 * The Java side of the {@code ./ragline} script: {@code standalone} (the default) and
 * {@code index}.
 */
public final class RaglineCommand {

	private RaglineCommand() {
	}

	public static void main(String[] args) throws Exception {
		String command = (args.length > 0 && !args[0].startsWith("--")) ? args[0] : "standalone";
		String[] rest = (args.length > 0 && !args[0].startsWith("--")) ? Arrays.copyOfRange(args, 1, args.length)
				: args;
		switch (command) {
			case "standalone" -> StandaloneLauncher.main(rest);
			case "index" -> System.exit(IndexCommand.run(rest, System.getenv(), System.out, System.err));
			default -> {
				System.err.println("Unknown command '" + command + "'; see ./ragline help");
				System.exit(2);
			}
		}
	}

}
