package dev.ragline.ingest.query;

import java.net.URI;
import java.util.Map;

import dev.ragline.contracts.QueryMessage;
import dev.ragline.contracts.QueryStatus;
import dev.ragline.ingest.api.NotFoundException;
import dev.ragline.resultstore.ResultStore;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** Submit a question; poll its result document by id. */
@RestController
@RequestMapping("/api/queries")
class QueryController {

	private final QuerySubmitter submitter;

	private final ResultStore store;

	QueryController(QuerySubmitter submitter, ResultStore store) {
		this.submitter = submitter;
		this.store = store;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> submit(@RequestBody(required = false) byte[] body, UriComponentsBuilder uri) {
		QueryMessage query = this.submitter.submit(SubmitQueryRequest.parse(body));
		URI location = uri.path("/api/queries/{id}").buildAndExpand(query.id()).toUri();
		return ResponseEntity.accepted()
			.location(location)
			.body(Map.of("id", query.id(), "status", QueryStatus.QUEUED.name()));
	}

	/** The result document exactly as stored in Redis. */
	@GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> result(@PathVariable String id) {
		return this.store.findJson(id)
			.map(ResponseEntity::ok)
			.orElseThrow(() -> new NotFoundException(
					"No query with id '" + id + "': it was never submitted or its result has expired"));
	}

}
