package dev.ragline.ingest.query;

/** No result document for this id: never submitted, or expired. Answered with 404. */
class QueryNotFoundException extends RuntimeException {

	QueryNotFoundException(String id) {
		super("No query with id '" + id + "': it was never submitted or its result has expired");
	}

}
