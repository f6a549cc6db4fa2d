package dev.ragline.ingest.pipeline;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.ragline.ingest.query.CacheLookups;
import dev.ragline.kafka.TopicsProperties;
import dev.ragline.resultstore.WorkerStatusBoard;
import org.apache.kafka.clients.admin.Admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/** The pipeline view, read from the broker's group offsets and the workers' statuses. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	@Bean(destroyMethod = "close")
	Admin pipelineAdmin(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	PipelineViews pipelineViews(Admin pipelineAdmin, TopicsProperties topics, WorkerStatusBoard workerStatusBoard,
			CacheLookups cacheLookups, Clock clock) {
		Map<String, String> stages = new LinkedHashMap<>();
		stages.put(topics.queries(), "retriever");
		stages.put(topics.retrieved(), "llm");
		stages.put(topics.fallback(), "llm-fallback");
		return new PipelineViews(new ConsumerGroupLags(pipelineAdmin, stages, clock), workerStatusBoard, cacheLookups,
				clock);
	}

}
