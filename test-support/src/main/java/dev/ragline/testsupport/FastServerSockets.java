package dev.ragline.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;

import javax.net.ServerSocketFactory;

/**
 * Server sockets for the fake LLM servers that never make them the bottleneck: a deep
 * listen backlog, and TCP_NODELAY on every accepted connection (a response written as
 * headers, then body, stalls ~40 ms on Nagle's algorithm and delayed ACKs otherwise).
 */
final class FastServerSockets extends ServerSocketFactory {

	static final int BACKLOG = 1024;

	@Override
	public ServerSocket createServerSocket() throws IOException {
		return new NoDelayServerSocket();
	}

	@Override
	public ServerSocket createServerSocket(int port) throws IOException {
		return new NoDelayServerSocket(port, BACKLOG, null);
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog) throws IOException {
		return new NoDelayServerSocket(port, Math.max(backlog, BACKLOG), null);
	}

	@Override
	public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
		return new NoDelayServerSocket(port, Math.max(backlog, BACKLOG), address);
	}

	private static final class NoDelayServerSocket extends ServerSocket {

		NoDelayServerSocket() throws IOException {
			super();
		}

		NoDelayServerSocket(int port, int backlog, InetAddress address) throws IOException {
			super(port, backlog, address);
		}

		@Override
		public void bind(SocketAddress endpoint, int backlog) throws IOException {
			super.bind(endpoint, Math.max(backlog, BACKLOG));
		}

		@Override
		public Socket accept() throws IOException {
			Socket socket = super.accept();
			socket.setTcpNoDelay(true);
			return socket;
		}

	}

}
