package dev.ragline.infra;

/**
 * A JVM that runs a redis-server as {@code ./ragline standalone} does: its own shutdown
 * hook stops services first (here: a pause, then a command to Redis, as a service writing
 * its last results would), then the server. Prints {@code redis-server pid N} once
 * started, and {@code at exit: <reply>} from the hook.
 */
final class CtrlCProbe {

	private CtrlCProbe() {
	}

	public static void main(String[] args) throws InterruptedException {
		LocalRedisServer redis = LocalRedisServer.start(0);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				Thread.sleep(300);
				System.out.println("at exit: " + reply(redis.port()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			redis.close();
		}, "probe-shutdown"));
		redis.closedByCallerAtExit();
		System.out.println("redis-server pid " + redis.pid());
		Thread.sleep(120_000);
	}

	private static String reply(int port) {
		try {
			return Resp.call(port, "PING");
		}
		catch (RuntimeException ex) {
			return "no answer (" + ex.getMessage() + ")";
		}
	}

}
