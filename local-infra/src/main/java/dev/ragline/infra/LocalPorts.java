package dev.ragline.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports for the local servers: free ones, and a check before binding one. */
public final class LocalPorts {

	/** The address every local server binds to. */
	public static final String HOST = "127.0.0.1";

	private static final int HIGHEST_PORT = 65_535;

	private static final PortChooser chooser = new PortChooser(LocalPorts::anyFree);

	private LocalPorts() {
	}

	/**
	 * A loopback port nobody listens on now, and none of the last ones this method
	 * returned.
	 */
	public static int pick() {
		return pickExcept(0);
	}

	/**
	 * As {@link #pick()}, and never {@code taken}: a port chosen for another server that
	 * may not listen yet.
	 */
	public static int pickExcept(int taken) {
		return chooser.choose(taken);
	}

	private static int anyFree() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free loopback port", ex);
		}
	}

	/**
	 * Fails with a {@link PortInUseException} naming what holds {@code port}, when
	 * something listens there.
	 * @param server what was to listen there, e.g. {@code Kafka}
	 */
	public static void requireFree(int port, String server) {
		if (!isFree(port)) {
			throw new PortInUseException(server, port, PortHolder.describe(port));
		}
	}

	/** Whether a server could listen on {@code port} of the loopback address now. */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(HOST, port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The first free port above {@code port}, to suggest instead of it. */
	public static int nextFreeAfter(int port) {
		for (int candidate = port + 1; candidate <= HIGHEST_PORT; candidate++) {
			if (isFree(candidate)) {
				return candidate;
			}
		}
		return pick();
	}

}
