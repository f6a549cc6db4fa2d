package dev.ragline.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.contracts.Topics;

/**
 * Names of topics, consumer groups and Redis keys private to one test, so tests can share
 * a broker and a Redis server without seeing each other's data.
 */
public record TestScope(String id) {

	/**
	 * Partitions of each test topic: more than one, so ordering is tested per partition.
	 */
	public static final int PARTITIONS = 3;

	public static TestScope create() {
		return new TestScope(TestInfrastructure.newScope());
	}

	public String queries() {
		return Topics.QUERIES + "." + this.id;
	}

	public String retrieved() {
		return Topics.RETRIEVED + "." + this.id;
	}

	public String fallback() {
		return Topics.RETRIEVED_FALLBACK + "." + this.id;
	}

	public String dead() {
		return Topics.DEAD + "." + this.id;
	}

	public String documents() {
		return Topics.DOCUMENTS + "." + this.id;
	}

	public String keyPrefix() {
		return "ragline:test:" + this.id + ":query:";
	}

	/**
	 * Spring properties for a service running in this scope against the shared servers.
	 */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
		properties.put("ragline.redis.url", TestInfrastructure.redisUrl());
		properties.put("ragline.redis.key-prefix", keyPrefix());
		properties.put("ragline.redis.workers-key-prefix", "ragline:test:" + this.id + ":worker:");
		properties.put("ragline.redis.comparisons-key", "ragline:test:" + this.id + ":comparisons");
		properties.put("ragline.redis.experiment-key", "ragline:test:" + this.id + ":experiment");
		properties.put("ragline.cache.key-prefix", "ragline:test:" + this.id + ":cache:");
		properties.put("ragline.cache.corpus-version-key", "ragline:test:" + this.id + ":corpus:version");
		properties.put("ragline.topics.queries", queries());
		properties.put("ragline.topics.retrieved", retrieved());
		properties.put("ragline.topics.fallback", fallback());
		properties.put("ragline.topics.dead", dead());
		properties.put("ragline.topics.documents", documents());
		properties.put("ragline.topics.partitions", PARTITIONS);
		properties.put("ragline.retriever.group-id", "ragline-retriever-" + this.id);
		properties.put("ragline.llm.group-id", "ragline-llm-" + this.id);
		return properties;
	}

}
