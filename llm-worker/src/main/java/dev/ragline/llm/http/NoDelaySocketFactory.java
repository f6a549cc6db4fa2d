package dev.ragline.llm.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * Sockets with {@code TCP_NODELAY}. OkHttp writes a request in more than one segment
 * (headers, then the body); with Nagle's algorithm on, a body that does not fit the first
 * segment waits for the server's delayed ACK, about 40 ms, on every call whose prompt is
 * a few kilobytes (a prompt with four passages is about 9 KB).
 */
public final class NoDelaySocketFactory extends SocketFactory {

	private final SocketFactory sockets = SocketFactory.getDefault();

	@Override
	public Socket createSocket() throws IOException {
		return noDelay(this.sockets.createSocket());
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return noDelay(this.sockets.createSocket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return noDelay(this.sockets.createSocket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return noDelay(this.sockets.createSocket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
			throws IOException {
		return noDelay(this.sockets.createSocket(address, port, localAddress, localPort));
	}

	private static Socket noDelay(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}

}
