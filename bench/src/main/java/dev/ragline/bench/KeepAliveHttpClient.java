package dev.ragline.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive across requests, reopened when the server closes it.
 * Deliberately minimal (a request is a few writes, a response a few reads), so that on a
 * two-core machine the load generator takes as little CPU from the server under test as
 * it can. Not a general HTTP client: it speaks only to servers it was written for, and
 * fails loudly on anything it does not understand.
 */
final class KeepAliveHttpClient implements AutoCloseable {

	/** What came back: the status code and the body as text. */
	record Response(int status, String body) {

	}

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final int READ_TIMEOUT_MILLIS = 30_000;

	private final String host;

	private final int port;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	KeepAliveHttpClient(String host, int port) {
		this.host = host;
		this.port = port;
	}

	Response post(String path, byte[] json) throws IOException {
		String head = "POST " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + json.length
				+ "\r\n\r\n";
		return exchange(head.getBytes(StandardCharsets.US_ASCII), json);
	}

	Response get(String path) throws IOException {
		String head = "GET " + path + " HTTP/1.1\r\nHost: " + this.host + ":" + this.port
				+ "\r\nAccept: application/json\r\n\r\n";
		return exchange(head.getBytes(StandardCharsets.US_ASCII), new byte[0]);
	}

	private Response exchange(byte[] head, byte[] body) throws IOException {
		if (this.socket == null) {
			open();
		}
		try {
			// one write, one segment: the server never waits for the second half
			byte[] request = Arrays.copyOf(head, head.length + body.length);
			System.arraycopy(body, 0, request, head.length, body.length);
			this.out.write(request);
			return readResponse();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	private Response readResponse() throws IOException {
		String statusLine = readLine();
		if (!statusLine.startsWith("HTTP/1.1 ")) {
			throw new IOException("Not an HTTP/1.1 response: " + statusLine);
		}
		int status = Integer.parseInt(statusLine.substring(9, 12));
		int contentLength = -1;
		boolean chunked = false;
		boolean closing = false;
		for (String line = readLine(); !line.isEmpty(); line = readLine()) {
			int colon = line.indexOf(':');
			String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = line.substring(colon + 1).trim();
			switch (name) {
				case "content-length" -> contentLength = Integer.parseInt(value);
				case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
				case "connection" -> closing = value.equalsIgnoreCase("close");
				default -> {
				}
			}
		}
		String text = chunked ? readChunked()
				: new String(readExactly(Math.max(0, contentLength)), StandardCharsets.UTF_8);
		if (closing) {
			close();
		}
		return new Response(status, text);
	}

	private String readChunked() throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String sizeLine = readLine();
			int semicolon = sizeLine.indexOf(';');
			int size = Integer.parseInt((semicolon >= 0) ? sizeLine.substring(0, semicolon) : sizeLine, 16);
			if (size == 0) {
				while (!readLine().isEmpty()) {
					// trailers: none expected, skipped
				}
				return body.toString(StandardCharsets.UTF_8);
			}
			body.write(readExactly(size));
			readLine();
		}
	}

	private byte[] readExactly(int length) throws IOException {
		byte[] bytes = this.in.readNBytes(length);
		if (bytes.length < length) {
			throw new IOException(
					"The server closed the connection " + bytes.length + " bytes into a " + length + "-byte body");
		}
		return bytes;
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = this.in.read(); b != '\n'; b = this.in.read()) {
			if (b < 0) {
				throw new IOException("The server closed the connection mid-response");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private void open() throws IOException {
		Socket opened = new Socket();
		opened.setTcpNoDelay(true);
		opened.setSoTimeout(READ_TIMEOUT_MILLIS);
		opened.connect(new InetSocketAddress(this.host, this.port), CONNECT_TIMEOUT_MILLIS);
		this.socket = opened;
		this.in = new BufferedInputStream(opened.getInputStream());
		this.out = opened.getOutputStream();
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing: nothing to save
			}
			this.socket = null;
		}
	}

}
