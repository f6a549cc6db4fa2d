package dev.ragline.standalone.client;

/**
 * query-ingest could not be asked, or refused: the message is the one line
 * {@code ./ragline ask} and {@code ./ragline status} print after {@code ragline: }.
 */
class QueryIngestException extends RuntimeException {

	QueryIngestException(String message) {
		super(message);
	}

	QueryIngestException(String message, Throwable cause) {
		super(message, cause);
	}

}
