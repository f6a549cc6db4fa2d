package dev.ragline.bench.bare;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads the body, makes an id and answers 202 with a {@code Location} and a small JSON
 * document, as query-ingest does, and does nothing else.
 */
@RestController
class AcceptController {

	@PostMapping("/api/queries")
	ResponseEntity<Map<String, String>> accept(@RequestBody byte[] body) {
		String id = UUID.randomUUID().toString();
		return ResponseEntity.accepted()
			.location(URI.create("/api/queries/" + id))
			.body(Map.of("id", id, "status", "QUEUED"));
	}

}
