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

	/**
	 * The body, at most {@code limit} long.
	 * @param advice what to do instead, e.g.
	 * {@code send the documents in smaller batches}
	 * @throws PayloadTooLargeException when it is longer
	 */
	public static byte[] read(HttpServletRequest request, DataSize limit, String advice) {
		long max = limit.toBytes();
		if (request.getContentLengthLong() > max) {
			throw tooLarge(limit, advice);
		}
		try (InputStream in = request.getInputStream(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			byte[] buffer = new byte[BUFFER];
			int read;
			while ((read = in.read(buffer)) != -1) {
				if (out.size() + read > max) {
					throw tooLarge(limit, advice);
				}
				out.write(buffer, 0, read);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the request body", ex);
		}
	}

	private static PayloadTooLargeException tooLarge(DataSize limit, String advice) {
		return new PayloadTooLargeException("The request body is larger than " + describe(limit) + "; " + advice);
	}

	/** {@code 16 KB}, {@code 16 MB}, {@code 512 bytes}: the largest whole unit. */
	static String describe(DataSize size) {
		long bytes = size.toBytes();
		if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
			return size.toMegabytes() + " MB";
		}
		if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
			return size.toKilobytes() + " KB";
		}
		return bytes + " bytes";
	}

}
