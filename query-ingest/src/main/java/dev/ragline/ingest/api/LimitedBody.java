package dev.ragline.ingest.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.util.unit.DataSize;

/** Reads a request body, refusing it as soon as it grows past a limit. */
public final class LimitedBody {

	private static final int BUFFER = 8192;

	private LimitedBody() {
	}

	public static byte[] read(HttpServletRequest request, DataSize limit) {
		long max = limit.toBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(limit);
		}
		try (InputStream in = request.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			byte[] buffer = new byte[BUFFER];
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (out.size() + read > max) {
					throw tooLarge(limit);
				}
				out.write(buffer, 0, read);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the request body", ex);
		}
	}

	private static PayloadTooLargeException tooLarge(DataSize limit) {
		return new PayloadTooLargeException("The request body is larger than " + limit.toMegabytes()
				+ " MB; send the documents in smaller batches");
	}

}
