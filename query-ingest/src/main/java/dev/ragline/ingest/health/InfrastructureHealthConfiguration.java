package dev.ragline.ingest.health;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.ragline.resultstore.RedisConnections;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Readiness needs what every request needs: Redis answering PING and the Kafka cluster
 * describable. Both are in the {@code readiness} health group, so a load balancer stops
 * sending traffic to an instance that would answer 503.
 */
@Configuration(proxyBeanMethods = false)
class InfrastructureHealthConfiguration {

	static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

	@Bean
	HealthIndicator redisHealthIndicator(RedisConnections resultStoreRedis) {
		return () -> {
			try {
				String pong = resultStoreRedis.ping(CHECK_TIMEOUT);
				return Health.up().withDetail("ping", pong).withDetail("cluster", resultStoreRedis.cluster()).build();
			}
			catch (Exception ex) {
				return Health.down(ex).build();
			}
		};
	}

	@Bean(destroyMethod = "close")
	Admin healthAdmin(KafkaAdmin kafkaAdmin) {
		return Admin.create(kafkaAdmin.getConfigurationProperties());
	}

	@Bean
	HealthIndicator kafkaHealthIndicator(Admin healthAdmin) {
		return () -> {
			try {
				var cluster = healthAdmin
					.describeCluster(new DescribeClusterOptions().timeoutMs((int) CHECK_TIMEOUT.toMillis()));
				int brokers = cluster.nodes().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
				return Health.up().withDetails(Map.of("brokers", brokers)).build();
			}
			catch (Exception ex) {
				return Health.down(ex).build();
			}
		};
	}

}
