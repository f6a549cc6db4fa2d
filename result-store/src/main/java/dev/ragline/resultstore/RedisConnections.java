package dev.ragline.resultstore;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * ragline's connections to Redis, from {@code ragline.redis.url}: a single node
 * ({@code redis://host:port}, {@code rediss://} with TLS) or a Redis Cluster
 * ({@code redis-cluster://host:port,host:port,...}, {@code rediss-cluster://} with TLS;
 * any reachable nodes serve as seeds, the client learns the rest). One thread-safe
 * connection carries every command of the process; pub/sub listeners get their own.
 *
 * <p>
 * On a cluster, Lettuce routes each command to the master of its key's slot, splits
 * multi-key reads by slot, and follows failovers: it reads the topology again when a node
 * redirects it ({@code MOVED}), when a connection keeps failing, and every
 * {@link #TOPOLOGY_REFRESH}. Classic pub/sub is cluster-wide, so a listener connected to
 * any node hears what a script publishes on another.
 */
public final class RedisConnections implements AutoCloseable {

	/** How often a cluster client reads the topology even when nothing failed. */
	static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(10);

	/** The least time between two topology reads that failures trigger. */
	static final Duration ADAPTIVE_REFRESH_RATE = Duration.ofMillis(500);

	private static final String CLUSTER_SUFFIX = "-cluster";

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterCommands<String, String> commands;

	private final RedisClusterAsyncCommands<String, String> async;

	private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSub;

	private RedisConnections(AbstractRedisClient client, StatefulConnection<String, String> connection,
			RedisClusterCommands<String, String> commands, RedisClusterAsyncCommands<String, String> async,
			Supplier<StatefulRedisPubSubConnection<String, String>> pubSub) {
		this.client = client;
		this.connection = connection;
		this.commands = commands;
		this.async = async;
		this.pubSub = pubSub;
	}

	/**
	 * Connects to the node or cluster {@code url} names; every command fails after
	 * {@code commandTimeout} without an answer.
	 * @throws io.lettuce.core.RedisException when Redis cannot be reached
	 */
	public static RedisConnections open(URI url, Duration commandTimeout) {
		String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
		if (scheme.endsWith(CLUSTER_SUFFIX)) {
			return openCluster(seeds(url), commandTimeout);
		}
		RedisClient client = RedisClient.create(RedisURI.create(url));
		client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled(commandTimeout)).build());
		try {
			StatefulRedisConnection<String, String> connection = client.connect();
			return new RedisConnections(client, connection, connection.sync(), connection.async(),
					client::connectPubSub);
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	/** As {@link #open(URI, Duration)}. */
	public static RedisConnections open(String url, Duration commandTimeout) {
		return open(URI.create(url), commandTimeout);
	}

	/**
	 * Whether {@code commands} go to a Redis Cluster, where a script may touch the keys
	 * of one hash slot only.
	 */
	public static boolean isCluster(RedisClusterCommands<String, String> commands) {
		return commands instanceof RedisAdvancedClusterCommands;
	}

	/** The shared connection's commands, for a single node or a cluster alike. */
	public RedisClusterCommands<String, String> commands() {
		return this.commands;
	}

	/**
	 * Commands to each master: the single node, or every master of the cluster as the
	 * client knows the topology now; for what is read node by node, such as {@code INFO}
	 * statistics.
	 */
	public List<RedisClusterCommands<String, String>> masters() {
		if (!(this.connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
			return List.of(this.commands);
		}
		return cluster.getPartitions()
			.stream()
			.filter((node) -> node.is(RedisClusterNode.NodeFlag.UPSTREAM))
			.map((node) -> (RedisClusterCommands<String, String>) cluster.getConnection(node.getNodeId()).sync())
			.toList();
	}

	/** Whether this is a Redis Cluster. */
	public boolean cluster() {
		return isCluster(this.commands);
	}

	/** A new pub/sub connection; its owner closes it. */
	public StatefulRedisPubSubConnection<String, String> connectPubSub() {
		return this.pubSub.get();
	}

	/**
	 * Redis's answer to {@code PING} (on a cluster, from the node the shared connection
	 * talks to when a command has no key), waited for at most {@code timeout}.
	 * @throws Exception when Redis does not answer in time or refuses
	 */
	public String ping(Duration timeout) throws Exception {
		return this.async.ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	private static RedisConnections openCluster(List<RedisURI> seeds, Duration commandTimeout) {
		RedisClusterClient client = RedisClusterClient.create(seeds);
		client.setOptions(ClusterClientOptions.builder()
			.timeoutOptions(TimeoutOptions.enabled(commandTimeout))
			.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
				.enablePeriodicRefresh(TOPOLOGY_REFRESH)
				.enableAllAdaptiveRefreshTriggers()
				.adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_RATE)
				.build())
			.build());
		try {
			StatefulRedisClusterConnection<String, String> connection = client.connect();
			return new RedisConnections(client, connection, connection.sync(), connection.async(),
					client::connectPubSub);
		}
		catch (RedisException ex) {
			client.shutdown();
			// e.g. "Cannot retrieve cluster partitions": said as the single-node client
			// says it
			throw new RedisConnectionException(
					"Unable to connect to the Redis Cluster at " + seeds + ": " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			client.shutdown();
			throw ex;
		}
	}

	/**
	 * The seed nodes of {@code redis-cluster://[user:password@]host:port,host:port}: each
	 * with the URL's credentials, and TLS for {@code rediss-cluster}.
	 */
	static List<RedisURI> seeds(URI url) {
		String scheme = url.getScheme().toLowerCase(Locale.ROOT);
		boolean tls = scheme.startsWith("rediss");
		String authority = url.getRawAuthority();
		if (authority == null || authority.isBlank()) {
			throw new IllegalArgumentException(
					"A Redis Cluster URL names its seed nodes, e.g. redis-cluster://10.0.0.1:6379,10.0.0.2:6379; got "
							+ url);
		}
		int at = authority.lastIndexOf('@');
		String credentials = (at >= 0) ? authority.substring(0, at) : null;
		List<RedisURI> seeds = new ArrayList<>();
		for (String node : authority.substring(at + 1).split(",")) {
			int colon = node.lastIndexOf(':');
			String host = (colon > 0) ? node.substring(0, colon) : node;
			int port = (colon > 0) ? port(node.substring(colon + 1), url) : RedisURI.DEFAULT_REDIS_PORT;
			RedisURI.Builder seed = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
			if (credentials != null) {
				int split = credentials.indexOf(':');
				String user = decode((split >= 0) ? credentials.substring(0, split) : "");
				String password = decode((split >= 0) ? credentials.substring(split + 1) : credentials);
				if (user.isEmpty()) {
					seed.withPassword(password.toCharArray());
				}
				else {
					seed.withAuthentication(user, password);
				}
			}
			seeds.add(seed.build());
		}
		return seeds;
	}

	private static int port(String text, URI url) {
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a port: '" + text + "' in " + url, ex);
		}
	}

	/** Percent-decoding as in a URL's user info ({@code +} stays a plus). */
	private static String decode(String text) {
		return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

}
