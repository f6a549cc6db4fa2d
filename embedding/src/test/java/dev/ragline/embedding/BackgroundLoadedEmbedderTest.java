package dev.ragline.embedding;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class BackgroundLoadedEmbedderTest {

	@Test
	void namesTheModelBeforeItHasLoadedAndEmbedsOnceItHas() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		BackgroundLoadedEmbedder embedder = BackgroundLoadedEmbedder.start(EmbeddingModel.BGE_SMALL_EN_V15, () -> {
			await(release);
			return new FixedEmbedder();
		});

		// known while the load is still held back: what the index's settings need
		assertThat(embedder.name()).isEqualTo(OnnxEmbedder.nameOf(EmbeddingModel.BGE_SMALL_EN_V15));
		assertThat(embedder.dimensions()).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15.dimensions());

		release.countDown();
		embedder.awaitLoaded();
		assertThat(embedder.embedQuery("q")).containsExactly(1f, 0f);
		assertThat(embedder.embedPassages(List.of("a", "b"))).hasSize(2);
	}

	@Test
	void aFailedLoadFailsEveryUse() {
		BackgroundLoadedEmbedder embedder = BackgroundLoadedEmbedder.start(EmbeddingModel.BGE_SMALL_EN_V15, () -> {
			throw new IllegalStateException("model file unreadable");
		});

		assertThatIllegalStateException().isThrownBy(embedder::awaitLoaded)
			.withMessageContaining("loading bge-small-en-v1.5 failed")
			.withMessageContaining("model file unreadable");
		assertThatIllegalStateException().isThrownBy(() -> embedder.embedQuery("q"))
			.withMessageContaining("model file unreadable");
	}

	@Test
	void closeWaitsForALoadUnderWayThenReleasesTheModel() throws Exception {
		// a JVM that exits while ONNX Runtime creates its session crashes in native code
		CountDownLatch release = new CountDownLatch(1);
		FixedEmbedder model = new FixedEmbedder();
		BackgroundLoadedEmbedder embedder = BackgroundLoadedEmbedder.start(EmbeddingModel.BGE_SMALL_EN_V15, () -> {
			await(release);
			return model;
		});
		CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> {
			try {
				embedder.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});

		Thread.sleep(300);
		assertThat(closing).as("close returned while the model was still loading").isNotDone();
		release.countDown();
		closing.get(10, TimeUnit.SECONDS);
		assertThat(model.closed()).isTrue();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
