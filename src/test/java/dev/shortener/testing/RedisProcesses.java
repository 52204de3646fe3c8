package dev.shortener.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Real redis-server processes in the two high-availability shapes the service supports, owned by
 * the test JVM: a Redis Cluster (3 masters, one replica each) or a master + replica watched by 3
 * sentinels. Needs Redis 7 (sharded pub/sub), which Debian's redis-server package is; embedded-redis
 * ships 6.2. Ports below 32768; every process is killed and its directory removed on close (and at
 * JVM exit).
 */
public final class RedisProcesses extends ProcessFixture {
  public static final String MASTER_NAME = "shortener";
  private static final String REDIS_SERVER = "/usr/bin/redis-server";
  private static final String REDIS_CLI = "/usr/bin/redis-cli";
  private static final Duration READY = Duration.ofSeconds(60);

  private final boolean cluster;
  private final Map<Integer, Process> servers = new LinkedHashMap<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();

  private RedisProcesses(boolean cluster) throws IOException {
    super("redis-" + (cluster ? "cluster" : "sentinel"));
    this.cluster = cluster;
  }

  /** Null when the processes can run here, else why not (for a skipped test's message). */
  public static String unavailableReason() {
    if (!Files.isExecutable(Path.of(REDIS_SERVER)) || !Files.isExecutable(Path.of(REDIS_CLI))) {
      return REDIS_SERVER + " and " + REDIS_CLI + " are not installed (Debian package redis-server; .ci/run installs it)";
    }
    String version = Processes.run(REDIS_SERVER, "--version");
    Matcher m = Pattern.compile("v=(\\d+)\\.").matcher(version);
    if (!m.find() || Integer.parseInt(m.group(1)) < 7) {
      return "redis-server 7 or later is needed for sharded pub/sub, found: " + version.trim();
    }
    return null;
  }

  /** A Redis Cluster of {@code masters} masters with one replica each, every slot covered. */
  public static RedisProcesses cluster(int masters) throws IOException {
    RedisProcesses redis = new RedisProcesses(true);
    try {
      int nodes = masters * 2;
      int base = Ports.freeBlock(nodes, 10_000); // the cluster bus listens on port + 10000
      List<String> addresses = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        int port = base + i;
        redis.startServer(port, "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
            "--cluster-node-timeout", "1000");
        addresses.add("127.0.0.1:" + port);
      }
      List<String> create = new ArrayList<>(List.of(REDIS_CLI, "--cluster", "create"));
      create.addAll(addresses);
      create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
      Processes.run(create.toArray(String[]::new));
      Waits.until(READY, "the cluster to be ok with every replica in sync", redis::clusterHealthy);
      return redis;
    } catch (RuntimeException | Error e) {
      redis.close();
      throw e;
    }
  }

  /** A master, its replica, and three sentinels monitoring it as {@link #MASTER_NAME} (quorum 2). */
  public static RedisProcesses sentinel() throws IOException {
    RedisProcesses redis = new RedisProcesses(false);
    try {
      int base = Ports.freeBlock(5, 0);
      int master = base;
      redis.startServer(master);
      redis.startServer(base + 1, "--replicaof", "127.0.0.1", Integer.toString(master));
      for (int i = 2; i < 5; i++) {
        int port = base + i;
        Path conf = redis.dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
            "port " + port,
            "bind 127.0.0.1",
            "dir " + redis.dir,
            "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master + " 2",
            "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
            "sentinel failover-timeout " + MASTER_NAME + " 5000",
            "sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
        redis.start(port, List.of(REDIS_SERVER, conf.toString(), "--sentinel"));
        redis.sentinelPorts.add(port);
      }
      Waits.until(READY, "the sentinels to know the replica and each other", () -> redis.sentinelPorts.stream()
          .allMatch(port -> {
            String state = command(port, "SENTINEL", "MASTER", MASTER_NAME);
            return state.contains("num-slaves\r\n$1\r\n1\r\n") && state.contains("num-other-sentinels\r\n$1\r\n2\r\n");
          }));
      Waits.until(READY, "the replica to be in sync", () -> redis.inSync(master));
      return redis;
    } catch (RuntimeException | Error e) {
      redis.close();
      throw e;
    }
  }

  /** The service's environment for this topology. */
  public Map<String, String> env() {
    if (cluster) {
      return Map.of("REDIS_CLUSTER_NODES", urls(servers.keySet().stream().toList()));
    }
    return Map.of("REDIS_SENTINELS", urls(sentinelPorts), "REDIS_MASTER_NAME", MASTER_NAME);
  }

  /** The port of the master that holds {@code key} (in a cluster, the master of its slot). */
  public int masterOf(String key) {
    if (!cluster) {
      String reply = command(sentinelPorts.get(0), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
      Matcher m = Pattern.compile("\\$\\d+\r\n(\\d+)\r\n$").matcher(reply);
      if (!m.find()) {
        throw new IllegalStateException("no master known to the sentinels: " + reply);
      }
      return Integer.parseInt(m.group(1));
    }
    int slot = Integer.parseInt(command(anyLive(), "CLUSTER", "KEYSLOT", key).trim().substring(1));
    for (String line : command(anyLive(), "CLUSTER", "NODES").split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
        continue;
      }
      for (int i = 8; i < f.length; i++) {
        String[] range = f[i].split("-");
        int from = Integer.parseInt(range[0]);
        int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
        if (slot >= from && slot <= to) {
          return Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
        }
      }
    }
    throw new IllegalStateException("no master serves slot " + slot);
  }

  /** The masters that hold at least one key matching {@code pattern}. */
  public long mastersHolding(String pattern) {
    return servers.keySet().stream()
        .filter(port -> servers.get(port).isAlive() && command(port, "ROLE").contains("master"))
        .filter(port -> !command(port, "KEYS", pattern).startsWith("*0"))
        .count();
  }

  /** SIGKILL, as a crashed machine: no goodbye to the replicas or the clients. */
  public void kill(int port) {
    Process process = servers.get(port);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until a replica has taken over from {@code killed}: the topology serves every slot again. */
  public void awaitFailover(int killed, String key) {
    Waits.until(READY, "a replica to take over from the master on " + killed, () -> {
      try {
        return masterOf(key) != killed && (!cluster || command(anyLive(), "CLUSTER", "INFO").contains("cluster_state:ok"));
      } catch (RuntimeException e) {
        return false; // a node mid-failover may not answer
      }
    });
  }

  @Override
  protected void stopAll() {
    servers.values().forEach(Process::destroyForcibly);
    for (Process p : servers.values()) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean clusterHealthy() {
    return servers.keySet().stream().allMatch(port -> command(port, "CLUSTER", "INFO").contains("cluster_state:ok"))
        && servers.keySet().stream().filter(port -> command(port, "ROLE").contains("master")).allMatch(this::inSync);
  }

  /** The master at {@code port} has a replica whose link is up and caught up. */
  private boolean inSync(int port) {
    String info = command(port, "INFO", "replication");
    return info.contains("connected_slaves:1") && info.contains("state=online");
  }

  private void startServer(int port, String... extra) {
    List<String> args = new ArrayList<>(List.of(REDIS_SERVER, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no"));
    args.addAll(List.of(extra));
    start(port, args);
  }

  private void start(int port, List<String> args) {
    try {
      Process process = new ProcessBuilder(args)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
          .start();
      servers.put(port, process);
      Ports.awaitOpen(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int anyLive() {
    return servers.entrySet().stream().filter(e -> e.getValue().isAlive() && !sentinelPorts.contains(e.getKey()))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
  }

  private static String urls(List<Integer> ports) {
    return ports.stream().map(p -> "redis://127.0.0.1:" + p).collect(Collectors.joining(","));
  }

  private static String command(int port, String... args) {
    return RedisCommands.command("redis://127.0.0.1:" + port, args);
  }
}
