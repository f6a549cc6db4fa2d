package dev.ragline.infra;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntSupplier;

/**
 * Chooses ports from a source of free ones (the system's, in {@link LocalPorts}) so that
 * none is handed out twice in a row: the system may give a port that was just closed
 * again, and two servers started one after the other (a broker and its controller, the
 * nodes of a cluster) must not both be given it.
 */
final class PortChooser {

	/** How many ports handed out lately are avoided. */
	static final int REMEMBERED = 64;

	/** Tries before a recent port will do, when the source keeps giving those. */
	static final int ATTEMPTS = 32;

	private final IntSupplier freePorts;

	private final Deque<Integer> recentlyChosen = new ArrayDeque<>();

	PortChooser(IntSupplier freePorts) {
		this.freePorts = freePorts;
	}

	/**
	 * A free port, none of the last {@value #REMEMBERED} chosen if the source gives
	 * another within {@value #ATTEMPTS} tries, and never {@code taken}.
	 */
	synchronized int choose(int taken) {
		for (int attempt = 1;; attempt++) {
			int port = this.freePorts.getAsInt();
			if (port != taken && (!this.recentlyChosen.contains(port) || attempt >= ATTEMPTS)) {
				this.recentlyChosen.addLast(port);
				if (this.recentlyChosen.size() > REMEMBERED) {
					this.recentlyChosen.removeFirst();
				}
				return port;
			}
		}
	}

}
