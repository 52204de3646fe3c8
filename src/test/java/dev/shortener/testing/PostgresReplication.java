package dev.shortener.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming read replica made from it with {@code pg_basebackup -R}, from
 * Debian's PostgreSQL binaries (the embedded zonky bundle has no pg_basebackup). As root they run as
 * the {@code postgres} user, as PostgreSQL insists. Ports below 32768; both servers are stopped and
 * their directories removed on close (and at JVM exit).
 */
public final class PostgresReplication extends ProcessFixture {
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  private final Path bin;
  private final int primaryPort;
  private final int replicaPort;

  private PostgresReplication(Path bin, int primaryPort, int replicaPort) throws IOException {
    super("shortener-pg-replication");
    this.bin = bin;
    this.primaryPort = primaryPort;
    this.replicaPort = replicaPort;
  }

  /** Null when the binaries are here, else why not (for a skipped test's message). */
  public static String unavailableReason() {
    if (binaries().isEmpty()) {
      return "no /usr/lib/postgresql/*/bin with initdb, postgres, pg_ctl and pg_basebackup"
          + " (Debian package postgresql; .ci/run installs it)";
    }
    return null;
  }

  public static PostgresReplication start() throws IOException {
    int base = Ports.freeBlock(2, 0);
    PostgresReplication pg = new PostgresReplication(binaries().orElseThrow(), base, base + 1);
    try {
      if (ROOT) {
        Processes.run("chown", "postgres:", pg.dir.toString());
      }
      pg.asPostgres(pg.tool("initdb"), "-D", pg.data("primary"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--no-sync");
      pg.startServer("primary", pg.primaryPort);
      pg.asPostgres(pg.tool("pg_basebackup"), "-h", "127.0.0.1", "-p", Integer.toString(pg.primaryPort),
          "-U", "postgres", "-D", pg.data("replica"), "-R", "-X", "stream", "--no-sync");
      pg.startReplica();
      return pg;
    } catch (RuntimeException | Error e) {
      pg.close();
      throw e;
    }
  }

  public String primaryUrl() {
    return "postgresql://postgres@127.0.0.1:" + primaryPort + "/postgres";
  }

  public String replicaUrl() {
    return "postgresql://postgres@127.0.0.1:" + replicaPort + "/postgres";
  }

  public int replicaPort() {
    return replicaPort;
  }

  /** Replay stops: the replica keeps receiving WAL but shows the data as of now (lag). */
  public void pauseReplay() {
    sql(replicaPort, "SELECT pg_wal_replay_pause()");
  }

  public void resumeReplay() {
    sql(replicaPort, "SELECT pg_wal_replay_resume()");
  }

  /** Immediate shutdown, as a crash: connections drop, nothing is flushed. */
  public void stopReplica() {
    asPostgres(tool("pg_ctl"), "-D", data("replica"), "-m", "immediate", "-w", "stop");
  }

  public void startReplica() {
    startServer("replica", replicaPort);
    Waits.until(Duration.ofSeconds(60), "the replica to accept reads", () -> {
      try {
        return count(replicaPort, "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'") == 1;
      } catch (IllegalStateException e) {
        return false;
      }
    });
  }

  public void sqlOnPrimary(String statement) {
    sql(primaryPort, statement);
  }

  public long countOnPrimary(String query) {
    return count(primaryPort, query);
  }

  public long countOnReplica(String query) {
    return count(replicaPort, query);
  }

  @Override
  protected void stopAll() {
    for (String server : List.of("replica", "primary")) {
      if (Files.exists(dir.resolve(server).resolve("postmaster.pid"))) {
        try {
          asPostgres(tool("pg_ctl"), "-D", data(server), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException e) {
          // already gone
        }
      }
    }
  }

  private void startServer(String name, int port) {
    asPostgres(tool("pg_ctl"), "-D", data(name), "-l", dir.resolve(name + ".log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
            + " -c fsync=off -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on -c max_connections=100",
        "start");
  }

  private String data(String name) {
    return dir.resolve(name).toString();
  }

  private String tool(String name) {
    return bin.resolve(name).toString();
  }

  private void asPostgres(String... command) {
    List<String> args = new ArrayList<>();
    if (ROOT) {
      args.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    args.addAll(List.of(command));
    Processes.run(args.toArray(String[]::new));
  }

  private static Optional<Path> binaries() {
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Stream.of("initdb", "postgres", "pg_ctl", "pg_basebackup").allMatch(t -> Files.isExecutable(b.resolve(t))))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void sql(int port, String statement) {
    try (Connection conn = connect(port); Statement st = conn.createStatement()) {
      st.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(int port, String query) {
    try (Connection conn = connect(port); Statement st = conn.createStatement(); var rs = st.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
  }
}
