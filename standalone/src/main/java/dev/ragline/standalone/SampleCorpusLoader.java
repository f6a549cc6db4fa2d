package dev.ragline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.ragline.kafka.DocumentPublisher;
import dev.ragline.kafka.PipelineProducers;
import dev.ragline.kafka.PipelineTopics;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.retriever.documents.SampleCorpus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Gives the standalone broker the pipeline's topics (the documents topic compacted, as
 * the services would create it) and the sample corpus, published the way any corpus is,
 * so the retriever indexes it before it reports ready.
 */
final class SampleCorpusLoader {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private SampleCorpusLoader() {
	}

	static void load(String bootstrapServers, String... args) {
		TopicsProperties topics = topics(args);
		try (Admin admin = Admin
			.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			List<NewTopic> all = PipelineTopics.all(topics);
			admin.createTopics(all).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot create the pipeline's topics on " + bootstrapServers, ex);
		}
		KafkaTemplate<String, byte[]> kafka = PipelineProducers.template(bootstrapServers);
		try {
			new DocumentPublisher(kafka, topics.documents(), TIMEOUT).publish(SampleCorpus.documents());
		}
		finally {
			kafka.getProducerFactory().reset();
		}
	}

	/**
	 * Topic settings as the services will see them: defaults, environment variables,
	 * arguments.
	 */
	private static TopicsProperties topics(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
		return Binder.get(environment).bindOrCreate("ragline.topics", TopicsProperties.class);
	}

}
