package dev.ragline.retriever.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.ragline.contracts.DocumentMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An index in a snapshot directory comes back after a restart with the offsets it was
 * committed with, and only then: a snapshot built with other settings, or damaged on
 * disk, is discarded and the index starts empty; changes after the last commit are not
 * part of it.
 */
class PassageIndexSnapshotTest {

	private static final AppliedOffsets APPLIED = new AppliedOffsets("topic-id", Map.of(0, 3L, 1, 5L));

	@TempDir
	Path parent;

	@Test
	void aCommittedIndexIsOpenedAgainWithTheOffsetsItWasCommittedWith() throws IOException {
		try (PassageIndex index = bm25(400, IndexDirectory.claim(this.parent))) {
			assertThat(index.restored()).isEmpty();
			index.upsert(
					List.of(document("tides", "Tides follow the moon."), document("lava", "Volcanoes erupt lava.")));
			index.commit(APPLIED);
			index.upsert(List.of(document("late", "Written after the snapshot.")));
		}

		try (PassageIndex index = bm25(400, IndexDirectory.claim(this.parent))) {
			assertThat(index.restored()).contains(APPLIED);
			index.refresh();
			assertThat(index.size().documents()).as("only what was committed").isEqualTo(2);
			assertThat(index.searchDocuments("moon tides", 5, RetrievalMode.BM25, 10)).containsExactly("tides");
		}
	}

	@Test
	void aSnapshotBuiltWithOtherSettingsIsDiscarded() throws IOException {
		try (PassageIndex index = bm25(400, IndexDirectory.claim(this.parent))) {
			index.upsert(List.of(document("tides", "Tides follow the moon.")));
			index.commit(APPLIED);
		}

		try (PassageIndex index = bm25(200, IndexDirectory.claim(this.parent))) {
			assertThat(index.restored()).isEmpty();
			index.refresh();
			assertThat(index.size().documents()).isZero();
		}
	}

	@Test
	void aDamagedSnapshotIsDiscarded() throws IOException {
		try (PassageIndex index = bm25(400, IndexDirectory.claim(this.parent))) {
			index.upsert(List.of(document("tides", "Tides follow the moon.")));
			index.commit(APPLIED);
		}
		Path largest;
		try (Stream<Path> files = Files.list(this.parent.resolve("replica-0"))) {
			largest = files.filter((file) -> !file.getFileName().toString().startsWith("segments"))
				.filter((file) -> !file.getFileName().toString().endsWith(".lock"))
				.max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
				.orElseThrow();
		}
		try (RandomAccessFile file = new RandomAccessFile(largest.toFile(), "rw")) {
			file.seek(file.length() / 2);
			int value = file.read();
			file.seek(file.length() / 2);
			file.write(value ^ 0xFF);
		}

		try (PassageIndex index = bm25(400, IndexDirectory.claim(this.parent))) {
			assertThat(index.restored()).isEmpty();
			index.refresh();
			assertThat(index.size().documents()).isZero();
			index.upsert(List.of(document("lava", "Volcanoes erupt lava.")));
			index.commit(APPLIED);
		}
	}

	@Test
	void replicasSharingAParentEachTakeASlotOfTheirOwn() throws IOException {
		try (IndexDirectory first = IndexDirectory.claim(this.parent);
				IndexDirectory second = IndexDirectory.claim(this.parent)) {
			assertThat(first.path()).isEqualTo(this.parent.resolve("replica-0"));
			assertThat(second.path()).isEqualTo(this.parent.resolve("replica-1"));
			assertThat(first.persistent()).isTrue();
		}
		try (IndexDirectory again = IndexDirectory.claim(this.parent)) {
			assertThat(again.path()).as("a released slot is taken again").isEqualTo(this.parent.resolve("replica-0"));
		}
	}

	@Test
	void aTemporaryIndexIsDeletedOnCloseAndCommitsNothing() throws IOException {
		IndexDirectory temporary = IndexDirectory.temporary();
		try (PassageIndex index = bm25(400, temporary)) {
			index.upsert(List.of(document("tides", "Tides follow the moon.")));
			index.commit(APPLIED);
			assertThat(index.persistent()).isFalse();
		}
		assertThat(temporary.path()).doesNotExist();
	}

	@Test
	void appliedOffsetsSurviveTheirCommitDataForm() {
		assertThat(AppliedOffsets.fromCommitData(APPLIED.toCommitData())).contains(APPLIED);
		assertThat(AppliedOffsets.fromCommitData(Map.of())).isEmpty();
		AppliedOffsets none = new AppliedOffsets("topic-id", Map.of());
		assertThat(AppliedOffsets.fromCommitData(none.toCommitData())).contains(none);
	}

	private static PassageIndex bm25(int passageWords, IndexDirectory location) {
		return new PassageIndex(new PassageSplitter(passageWords, 80), null, new RankFusion(RankFusion.DEFAULT_K),
				location);
	}

	private static DocumentMessage document(String id, String text) {
		return DocumentMessage.of(id, id, text, "");
	}

}
