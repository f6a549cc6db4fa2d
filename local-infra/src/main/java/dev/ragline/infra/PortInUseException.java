package dev.ragline.infra;

/**
 * A local server could not start because something else listens on its port. ragline
 * never uses whatever answers there instead.
 */
public class PortInUseException extends IllegalStateException {

	private final String server;

	private final int port;

	private final String holder;

	/**
	 * @param server what was to listen on the port, e.g. {@code Kafka}
	 * @param holder what holds the port, e.g. {@code pid 4242 (redis-server)}, or
	 * {@code null} when that cannot be known
	 */
	public PortInUseException(String server, int port, String holder) {
		super("port " + port + " is in use (" + ((holder != null) ? holder : "another " + server + "?")
				+ "), so ragline's " + server + " cannot listen there");
		this.server = server;
		this.port = port;
		this.holder = holder;
	}

	public String server() {
		return this.server;
	}

	public int port() {
		return this.port;
	}

	/** What holds the port, or {@code null} when that cannot be known. */
	public String holder() {
		return this.holder;
	}

}
