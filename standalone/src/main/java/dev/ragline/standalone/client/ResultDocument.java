package dev.ragline.standalone.client;

import dev.ragline.contracts.QueryResult;

/**
 * One version of a query's result document: the JSON as query-ingest sent it, for
 * {@code --json}, and read, for everything else.
 */
record ResultDocument(String json, QueryResult result) {

	/**
	 * Reads a version of the document.
	 * @throws QueryIngestException when {@code json} is not a result document
	 */
	static ResultDocument parse(String json) {
		return new ResultDocument(json, ResponseJson.read(json, QueryResult.class));
	}

}
