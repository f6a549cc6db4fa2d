package dev.ragline.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster on loopback: {@code masters} redis-server processes in cluster
 * mode sharing the 16,384 hash slots in equal ranges, each with {@code replicasPerMaster}
 * replicas, joined as {@code redis-cli --cluster create} would (a distinct config epoch
 * per master, {@code CLUSTER ADDSLOTSRANGE}, {@code CLUSTER
 * MEET}, {@code CLUSTER REPLICATE}), and ready once every node reports
 * {@code cluster_state:ok} and every replica is in sync with its master. Nothing is kept:
 * the nodes' data and cluster configuration live in temporary directories.
 */
public final class LocalRedisCluster implements AutoCloseable {

	/** The hash slots of every Redis Cluster. */
	public static final int SLOTS = 16_384;

	/** The URL scheme ragline reads as "a Redis Cluster, seeded by these nodes". */
	public static final String SCHEME = "redis-cluster";

	private static final Logger logger = LoggerFactory.getLogger(LocalRedisCluster.class);

	/** Short, so a failover in a test takes a second or two rather than fifteen. */
	private static final Duration NODE_TIMEOUT = Duration.ofMillis(1000);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

	private final List<Node> masters;

	private final List<Node> replicas;

	/** One process of the cluster, and the slots it served when the cluster formed. */
	private record Node(LocalRedisServer server, String id, int firstSlot, int lastSlot) {

		boolean serves(int slot) {
			return slot >= this.firstSlot && slot <= this.lastSlot;
		}

	}

	private LocalRedisCluster(List<Node> masters, List<Node> replicas) {
		this.masters = masters;
		this.replicas = replicas;
	}

	/**
	 * Starts and joins the cluster on free loopback ports; on any failure stops what had
	 * started.
	 */
	public static LocalRedisCluster start(int masters, int replicasPerMaster) {
		if (masters < 1 || replicasPerMaster < 0) {
			throw new IllegalArgumentException("A cluster needs at least one master and no negative replica count");
		}
		List<LocalRedisServer> started = new ArrayList<>();
		List<Integer> busPorts = new ArrayList<>();
		try {
			for (int i = 0; i < masters * (1 + replicasPerMaster); i++) {
				busPorts.add(LocalPorts.pick());
				started.add(LocalRedisServer.startClusterNode(LocalPorts.pick(), busPorts.get(i), NODE_TIMEOUT));
			}
			LocalRedisCluster cluster = join(started, busPorts, masters, replicasPerMaster);
			logger.info("Redis Cluster of {} masters and {} replicas ready at {}", masters, masters * replicasPerMaster,
					cluster.url());
			return cluster;
		}
		catch (RuntimeException ex) {
			started.forEach(LocalRedisServer::close);
			throw ex;
		}
	}

	/**
	 * The URL ragline's {@code ragline.redis.url} takes for this cluster, e.g.
	 * {@code redis-cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002} (every node a
	 * seed).
	 */
	public String url() {
		return SCHEME + "://"
				+ nodes().stream()
					.map((server) -> LocalPorts.HOST + ":" + server.port())
					.collect(Collectors.joining(","));
	}

	/** Every process of the cluster, the masters first. */
	public List<LocalRedisServer> nodes() {
		List<LocalRedisServer> nodes = new ArrayList<>();
		this.masters.forEach((node) -> nodes.add(node.server()));
		this.replicas.forEach((node) -> nodes.add(node.server()));
		return nodes;
	}

	/** The master that served {@code slot} when the cluster formed. */
	public LocalRedisServer masterOf(int slot) {
		return this.masters.stream()
			.filter((node) -> node.serves(slot))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No slot " + slot))
			.server();
	}

	/**
	 * The first replica of the master that served {@code slot} when the cluster formed.
	 */
	public LocalRedisServer replicaOf(int slot) {
		return this.replicas.stream()
			.filter((node) -> node.serves(slot))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Slot " + slot + " has no replica"))
			.server();
	}

	/** As {@link LocalRedisServer#closedByCallerAtExit()}, for every node. */
	public void closedByCallerAtExit() {
		nodes().forEach(LocalRedisServer::closedByCallerAtExit);
	}

	@Override
	public void close() {
		nodes().forEach(LocalRedisServer::close);
	}

	private static LocalRedisCluster join(List<LocalRedisServer> servers, List<Integer> busPorts, int masterCount,
			int replicasPerMaster) {
		RedisClient client = RedisClient.create();
		List<StatefulRedisConnection<String, String>> connections = new ArrayList<>();
		try {
			List<RedisCommands<String, String>> commands = new ArrayList<>();
			for (LocalRedisServer server : servers) {
				StatefulRedisConnection<String, String> connection = client
					.connect(RedisURI.create(LocalPorts.HOST, server.port()));
				connections.add(connection);
				commands.add(connection.sync());
			}
			List<Node> masters = new ArrayList<>();
			for (int i = 0; i < masterCount; i++) {
				int first = i * SLOTS / masterCount;
				int last = (i + 1) * SLOTS / masterCount - 1;
				RedisCommands<String, String> master = commands.get(i);
				master.clusterSetConfigEpoch(i + 1);
				master.clusterAddSlotsRange(Range.create(first, last));
				masters.add(new Node(servers.get(i), master.clusterMyId(), first, last));
			}
			for (int i = 1; i < servers.size(); i++) {
				meet(commands.get(0), servers.get(i).port(), busPorts.get(i));
			}
			await("every node knows every other", commands,
					(node) -> node.clusterNodes().lines().count() == servers.size());
			List<Node> replicas = new ArrayList<>();
			for (int i = masterCount; i < servers.size(); i++) {
				Node master = masters.get((i - masterCount) / replicasPerMaster);
				RedisCommands<String, String> replica = commands.get(i);
				replica.clusterReplicate(master.id());
				replicas.add(new Node(servers.get(i), replica.clusterMyId(), master.firstSlot(), master.lastSlot()));
			}
			await("the cluster state is ok on every node", commands,
					(node) -> node.clusterInfo().contains("cluster_state:ok"));
			await("every replica is in sync", commands.subList(masterCount, commands.size()),
					(node) -> infoFields(node.info("replication")).getOrDefault("master_link_status", "").equals("up"));
			return new LocalRedisCluster(masters, replicas);
		}
		finally {
			connections.forEach(StatefulRedisConnection::close);
			client.shutdown();
		}
	}

	/**
	 * {@code CLUSTER MEET host port bus-port}: the bus port is not the default port +
	 * 10000 here, and Lettuce's {@code clusterMeet} does not pass one.
	 */
	private static void meet(RedisCommands<String, String> node, int port, int busPort) {
		CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("MEET")
			.add(LocalPorts.HOST)
			.add(port)
			.add(busPort);
		node.dispatch(CommandType.CLUSTER, new StatusOutput<>(StringCodec.UTF8), args);
	}

	private static void await(String what, List<RedisCommands<String, String>> nodes,
			Predicate<RedisCommands<String, String>> condition) {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		while (!nodes.stream().allMatch(condition)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"The local Redis Cluster did not form within " + READY_TIMEOUT + ": not true that " + what);
			}
			try {
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while the Redis Cluster formed", ex);
			}
		}
	}

	private static Map<String, String> infoFields(String info) {
		return info.lines()
			.filter((line) -> line.indexOf(':') > 0)
			.collect(Collectors.toMap((line) -> line.substring(0, line.indexOf(':')),
					(line) -> line.substring(line.indexOf(':') + 1).strip(), (a, b) -> b));
	}

}
