package dev.ragline.retriever.index;

import dev.ragline.retriever.RetrieverProperties;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Starts loading the embedding model the moment the retriever's application context is
 * created, before Spring reads a single configuration class: the load (about a second for
 * bge-small) then runs on the other core while the context starts, and a replica that
 * restarts on a snapshot can warm up sooner. The model is a bean from then on, closed
 * after everything that uses it, and also when the start fails before anything used it (a
 * JVM that exits while ONNX Runtime is still loading crashes in native code).
 */
public final class EmbeddingModelPreload implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String BEAN_NAME = "embeddingModelLoad";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!(context instanceof GenericApplicationContext generic)) {
			return; // IndexConfiguration loads it as the context starts
		}
		RetrieverProperties properties = Binder.get(context.getEnvironment())
			.bindOrCreate("ragline.retriever", RetrieverProperties.class);
		EmbeddingModelLoad load = EmbeddingModelLoad.start(properties);
		DefaultListableBeanFactory beans = generic.getDefaultListableBeanFactory();
		beans.registerSingleton(BEAN_NAME, load);
		beans.registerDisposableBean(BEAN_NAME, load::close);
	}

}
