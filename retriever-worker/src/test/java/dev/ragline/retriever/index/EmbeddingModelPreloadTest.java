package dev.ragline.retriever.index;

import java.util.Map;

import dev.ragline.retriever.RetrieverProperties;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The model load the initializer starts is the one the index gets, and it is closed with
 * the context, also when the context fails to start before anything used it. (BM25 mode:
 * no model is loaded, the lifecycle is the same.)
 */
class EmbeddingModelPreloadTest {

	@Test
	void theIndexGetsThePreloadedModelAndTheContextClosesIt() {
		try (AnnotationConfigApplicationContext context = context()) {
			new EmbeddingModelPreload().initialize(context);
			EmbeddingModelLoad preloaded = (EmbeddingModelLoad) context.getBeanFactory()
				.getSingleton(EmbeddingModelPreload.BEAN_NAME);
			context.register(IndexConfiguration.class);
			context.refresh();

			assertThat(context.getBeansOfType(EmbeddingModelLoad.class)).as("no second load")
				.containsExactly(Map.entry(EmbeddingModelPreload.BEAN_NAME, preloaded));
			assertThat(context.getBean(PassageIndex.class)).isNotNull();
			context.close();
			assertThat(preloaded.isClosed()).isTrue();
		}
	}

	@Test
	void withoutThePreloadTheIndexConfigurationLoadsTheModelItself() {
		try (AnnotationConfigApplicationContext context = context()) {
			context.register(IndexConfiguration.class);
			context.refresh();

			assertThat(context.getBeansOfType(EmbeddingModelLoad.class)).hasSize(1);
		}
	}

	@Test
	void aStartThatFailsEarlyStillClosesThePreloadedModel() {
		AnnotationConfigApplicationContext context = context();
		new EmbeddingModelPreload().initialize(context);
		EmbeddingModelLoad preloaded = (EmbeddingModelLoad) context.getBeanFactory()
			.getSingleton(EmbeddingModelPreload.BEAN_NAME);
		context.registerBean("unreachableRedis", Object.class, () -> {
			throw new IllegalStateException("cannot reach Redis");
		});

		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(context::refresh);
		assertThat(preloaded.isClosed()).isTrue();
	}

	private static AnnotationConfigApplicationContext context() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("ragline.retriever.mode", "bm25")));
		context.registerBean(RetrieverProperties.class, () -> Binder.get(context.getEnvironment())
			.bindOrCreate("ragline.retriever", RetrieverProperties.class));
		return context;
	}

}
