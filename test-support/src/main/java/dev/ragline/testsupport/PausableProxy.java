package dev.ragline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on loopback that can stop passing bytes on, in both directions, without
 * closing a connection: what a client sees of a server that became unreachable in the
 * middle of a request (its request sent, no answer coming), and of the network healing
 * (what was held back then arrives, late).
 */
public final class PausableProxy implements AutoCloseable {

	private static final int BUFFER = 16 * 1024;

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private volatile boolean paused;

	private volatile boolean closed;

	private PausableProxy(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
	}

	/** A proxy on a free loopback port to {@code targetPort} on loopback. */
	public static PausableProxy to(int targetPort) {
		try {
			ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			PausableProxy proxy = new PausableProxy(server,
					new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
			Thread acceptor = new Thread(proxy::accept, "proxy-accept-" + server.getLocalPort());
			acceptor.setDaemon(true);
			acceptor.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start a proxy", ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** From now on holds back every byte, in both directions. */
	public void pause() {
		this.paused = true;
	}

	/** Passes on what it held back, and everything after. */
	public void resume() {
		synchronized (this.gate) {
			this.paused = false;
			this.gate.notifyAll();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		resume();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing
		}
		for (Socket socket : this.sockets) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// closing
			}
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket();
				upstream.connect(this.target);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pipe(client, upstream);
				pipe(upstream, client);
			}
			catch (IOException ex) {
				// closed, or the target refused: the client sees its connection fail
			}
		}
	}

	private void pipe(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[BUFFER];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					awaitOpen();
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// either side closed
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "proxy-pipe");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitOpen() throws InterruptedException {
		synchronized (this.gate) {
			while (this.paused && !this.closed) {
				this.gate.wait();
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
