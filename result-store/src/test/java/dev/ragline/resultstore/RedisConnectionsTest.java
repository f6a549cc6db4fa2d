package dev.ragline.resultstore;

import java.net.URI;
import java.util.List;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisConnectionsTest {

	@Test
	void readsEverySeedOfAClusterUrlWithItsCredentialsAndTls() {
		List<RedisURI> seeds = RedisConnections
			.seeds(URI.create("rediss-cluster://ragline:p%40ss@10.0.0.1:7000,10.0.0.2:7001,redis-2"));

		assertThat(seeds).extracting(RedisURI::getHost).containsExactly("10.0.0.1", "10.0.0.2", "redis-2");
		assertThat(seeds).extracting(RedisURI::getPort).containsExactly(7000, 7001, RedisURI.DEFAULT_REDIS_PORT);
		assertThat(seeds).allSatisfy((seed) -> {
			assertThat(seed.isSsl()).isTrue();
			assertThat(seed.getUsername()).isEqualTo("ragline");
			assertThat(seed.getPassword()).containsExactly("p@ss".toCharArray());
		});
	}

	@Test
	void aPasswordAloneAuthenticatesAsTheDefaultUser() {
		RedisURI seed = RedisConnections.seeds(URI.create("redis-cluster://:secret@127.0.0.1:7000")).get(0);

		assertThat(seed.isSsl()).isFalse();
		assertThat(seed.getUsername()).isNull();
		assertThat(seed.getPassword()).containsExactly("secret".toCharArray());
	}

	@Test
	void refusesAClusterUrlWithoutNodesOrWithABadPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisConnections.seeds(URI.create("redis-cluster:///")))
			.withMessageContaining("names its seed nodes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RedisConnections.seeds(URI.create("redis-cluster://127.0.0.1:port")))
			.withMessageContaining("Not a port: 'port'");
	}

	@Test
	void theCorpusVersionScriptTouchesOneSlotOnly() {
		for (String counter : List.of("ragline:corpus:version", "{tenant-1}:corpus", "a{b", "x{y}z")) {
			assertThat(SlotHash.getSlot(CorpusVersion.sameSlot(counter) + ":applied")).as(counter)
				.isEqualTo(SlotHash.getSlot(counter));
		}
		assertThatIllegalArgumentException().isThrownBy(() -> CorpusVersion.sameSlot("odd{}key"))
			.withMessageContaining("no hash tag");
	}

}
