package dev.ragline.testsupport;

import java.util.concurrent.TimeUnit;

import mockwebserver3.MockWebServer;

/**
 * MockWebServer queues every request it receives, body included, for {@code takeRequest},
 * and keeps it for as long as the server runs unless taken. The fakes record what they
 * need themselves and never take one, so in a load run that queue was the load
 * generator's largest heap (about 20 KB a query). A fake takes one off the queue for each
 * request it dispatches, so the queue holds no more than the requests in flight.
 */
final class ServedRequests {

	private ServedRequests() {
	}

	/** Takes one received request off {@code server}'s queue, if there is one. */
	static void forgetOne(MockWebServer server) {
		try {
			server.takeRequest(0, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
