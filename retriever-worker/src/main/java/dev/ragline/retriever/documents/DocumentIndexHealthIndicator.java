package dev.ragline.retriever.documents;

import dev.ragline.retriever.index.PassageIndex;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The health of this replica's index, in the readiness group: {@code OUT_OF_SERVICE}
 * while it catches up with the documents topic, {@code UP} once it has, and {@code DOWN}
 * with the reason while its follower has failed and waits to follow again.
 */
class DocumentIndexHealthIndicator implements HealthIndicator {

	private final DocumentsFollower follower;

	private final PassageIndex index;

	DocumentIndexHealthIndicator(DocumentsFollower follower, PassageIndex index) {
		this.follower = follower;
		this.index = index;
	}

	@Override
	public Health health() {
		return switch (this.follower.state()) {
			case READY -> {
				PassageIndex.Size size = this.index.size();
				yield Health.up()
					.withDetail("documents", size.documents())
					.withDetail("passages", size.passages())
					.withDetail("embeddings", this.index.hasEmbeddings())
					.build();
			}
			case FAILED -> Health.down()
				.withDetail("state", DocumentsFollower.State.FAILED.name())
				.withDetail("reason",
						"the documents follower failed and restarts with back-off: " + this.follower.failure())
				.build();
			default -> Health.outOfService()
				.withDetail("state", this.follower.state().name())
				.withDetail("progress", this.follower.progress())
				.build();
		};
	}

}
