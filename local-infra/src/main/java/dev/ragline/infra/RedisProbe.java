package dev.ragline.infra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Asks whatever listens on a loopback port, in Redis's protocol, for the process id of
 * the server ({@code INFO server}, field {@code process_id}), so ragline can tell its own
 * redis-server from another one on the same port.
 */
final class RedisProbe {

	private static final int CONNECT_TIMEOUT_MILLIS = 200;

	private static final int READ_TIMEOUT_MILLIS = 1000;

	private static final String PROCESS_ID = "process_id:";

	private RedisProbe() {
	}

	/** The server's process id, or empty when nothing answers there like Redis. */
	static OptionalLong processId(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(LocalPorts.HOST, port), CONNECT_TIMEOUT_MILLIS);
			socket.setSoTimeout(READ_TIMEOUT_MILLIS);
			OutputStream out = socket.getOutputStream();
			out.write("INFO server\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = new BufferedInputStream(socket.getInputStream());
			String header = readLine(in);
			if (!header.startsWith("$")) {
				// e.g. -LOADING while it reads its append-only file
				return OptionalLong.empty();
			}
			byte[] info = in.readNBytes(Integer.parseInt(header.substring(1)));
			for (String line : new String(info, StandardCharsets.UTF_8).split("\r\n")) {
				if (line.startsWith(PROCESS_ID)) {
					return OptionalLong.of(Long.parseLong(line.substring(PROCESS_ID.length()).trim()));
				}
			}
			return OptionalLong.empty();
		}
		catch (IOException | RuntimeException ex) {
			return OptionalLong.empty();
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) != -1) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
			}
			line.write(current);
			previous = current;
		}
		throw new IOException("Connection closed before a full line");
	}

}
