package dev.ragline.bench;

import java.util.Arrays;

import dev.ragline.bench.bare.BareEndpointApplication;
import dev.ragline.ingest.QueryIngestApplication;

/**
 * {@code api-server ingest|bare [--setting=value...]}: one of the two HTTP servers that
 * {@code bench api} compares, in a JVM of its own as it would be deployed, so the servers
 * neither share a JIT nor take CPU from the load generator's JVM but through the OS.
 */
final class ApiServer {

	private ApiServer() {
	}

	static void main(String[] args) {
		String[] settings = Arrays.copyOfRange(args, 1, args.length);
		switch ((args.length > 0) ? args[0] : "") {
			case "ingest" -> QueryIngestApplication.builder().run(settings);
			case "bare" -> BareEndpointApplication.builder().run(settings);
			default -> throw new IllegalArgumentException("api-server needs 'ingest' or 'bare'");
		}
	}

}
