package dev.ragline.ingest.documents;

import java.util.List;
import java.util.Map;

import dev.ragline.contracts.DocumentMessage;
import dev.ragline.ingest.IngestProperties;
import dev.ragline.ingest.api.LimitedBody;
import dev.ragline.kafka.DocumentPublisher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Adds, replaces and deletes documents of the collection. Accepted documents are in the
 * compacted documents topic (acknowledged by the broker) before the answer; every
 * retriever replica indexes them from there within moments.
 */
@RestController
@RequestMapping("/api/documents")
class DocumentsController {

	static final String JSON_LINES = "application/x-ndjson";

	static final String JSON_LINES_ALIAS = "application/jsonl";

	private final DocumentPublisher publisher;

	private final IngestProperties properties;

	DocumentsController(DocumentPublisher publisher, IngestProperties properties) {
		this.publisher = publisher;
		this.properties = properties;
	}

	@PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, JSON_LINES, JSON_LINES_ALIAS },
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> upload(HttpServletRequest request) {
		byte[] body = LimitedBody.read(request, this.properties.maxDocumentsSize(),
				"send the documents in smaller batches");
		MediaType type = MediaType.parseMediaType(request.getContentType());
		boolean jsonLines = !type.isCompatibleWith(MediaType.APPLICATION_JSON);
		List<DocumentMessage> documents = DocumentBatch.parse(body, jsonLines);
		this.publisher.publish(documents);
		return ResponseEntity.accepted().body(Map.of("accepted", documents.size(), "topic", this.publisher.topic()));
	}

	@DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> delete(@PathVariable String id) {
		this.publisher.delete(id);
		return ResponseEntity.accepted().body(Map.of("deleted", id));
	}

}
