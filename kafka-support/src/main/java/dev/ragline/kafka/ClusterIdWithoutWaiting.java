package dev.ragline.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.kafka.core.KafkaAdmin;

/**
 * The cluster id a {@code KafkaTemplate}'s send observations are tagged with, never
 * waited for. Spring Kafka asks its admin for the id on every send until it knows it, and
 * the admin waits up to its operation timeout (30 s) for the broker: with the broker
 * away, every send would wait that long before it even tries, and query-ingest's 503
 * would come half a minute late. This admin answers with the id Boot's admin learned (it
 * asks the broker when it creates the topics at start), or with none at once while it
 * asks the broker in the background; the sends observed meanwhile lack only the tag.
 */
class ClusterIdWithoutWaiting extends KafkaAdmin {

	private final KafkaAdmin admin;

	private final AtomicBoolean asking = new AtomicBoolean();

	ClusterIdWithoutWaiting(KafkaAdmin admin) {
		super(admin.getConfigurationProperties());
		this.admin = admin;
	}

	@Override
	public String clusterId() {
		String known = this.admin.getClusterId();
		if (known == null && this.asking.compareAndSet(false, true)) {
			CompletableFuture.runAsync(() -> {
				try {
					this.admin.clusterId();
				}
				finally {
					this.asking.set(false);
				}
			});
		}
		return known;
	}

}
