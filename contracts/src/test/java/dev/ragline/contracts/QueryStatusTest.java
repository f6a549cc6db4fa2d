package dev.ragline.contracts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryStatusTest {

	@Test
	void movesForwardAndMayRepeatANonFinalStatus() {
		assertThat(QueryStatus.QUEUED.canMoveTo(QueryStatus.RETRIEVING)).isTrue();
		assertThat(QueryStatus.GENERATING.canMoveTo(QueryStatus.GENERATING)).isTrue();
		assertThat(QueryStatus.GENERATING.canMoveTo(QueryStatus.REROUTED)).isTrue();
		assertThat(QueryStatus.REROUTED.canMoveTo(QueryStatus.DONE)).isTrue();
	}

	@Test
	void neverMovesBackwards() {
		assertThat(QueryStatus.GENERATING.canMoveTo(QueryStatus.RETRIEVING)).isFalse();
		assertThat(QueryStatus.REROUTED.canMoveTo(QueryStatus.GENERATING)).isFalse();
	}

	@Test
	void finalStatusesNeverChange() {
		for (QueryStatus finalStatus : new QueryStatus[] { QueryStatus.DONE, QueryStatus.FAILED,
				QueryStatus.CANCELLED }) {
			assertThat(finalStatus.isFinal()).isTrue();
			for (QueryStatus next : QueryStatus.values()) {
				assertThat(finalStatus.canMoveTo(next)).as("%s -> %s", finalStatus, next).isFalse();
			}
		}
	}

}
