package dev.ragline.retriever.documents;

import java.time.Clock;
import java.util.Map;
import java.util.function.Function;

import dev.ragline.contracts.WorkerStatus;
import dev.ragline.resultstore.WorkerStatusReporter.Identity;
import dev.ragline.retriever.index.PassageIndex;

/**
 * This retriever replica's status: how many documents its index holds and the corpus
 * version it has applied.
 */
class RetrieverStatus implements Function<Identity, WorkerStatus> {

	private final PassageIndex index;

	private final DocumentsFollower follower;

	private final Clock clock;

	RetrieverStatus(PassageIndex index, DocumentsFollower follower, Clock clock) {
		this.index = index;
		this.follower = follower;
		this.clock = clock;
	}

	@Override
	public WorkerStatus apply(Identity identity) {
		return new WorkerStatus(WorkerStatus.RETRIEVER_WORKER, "retriever", identity.instance(), identity.startedAt(),
				this.clock.instant(), null, null, Map.of(), Map.of(), Map.of(), this.index.size().documents(),
				this.follower.appliedVersion(), Map.of(), null);
	}

}
