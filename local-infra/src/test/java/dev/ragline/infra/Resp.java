package dev.ragline.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One-line Redis commands over a plain socket, for tests that look at a server from
 * outside.
 */
final class Resp {

	private Resp() {
	}

	/**
	 * Sends an inline command and returns the first line of the reply (and a bulk
	 * string's content).
	 */
	static String call(int port, String command) {
		try (Socket socket = new Socket(LocalPorts.HOST, port)) {
			socket.setSoTimeout(5000);
			Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
			out.write(command + "\r\n");
			out.flush();
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			String line = in.readLine();
			if (line.startsWith("$") && !line.equals("$-1")) {
				return in.readLine();
			}
			return line;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
