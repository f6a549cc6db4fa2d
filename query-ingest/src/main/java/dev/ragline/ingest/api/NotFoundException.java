package dev.ragline.ingest.api;

/** Nothing under that id: never submitted, or expired. Answered with 404. */
public class NotFoundException extends RuntimeException {

	public NotFoundException(String message) {
		super(message);
	}

}
