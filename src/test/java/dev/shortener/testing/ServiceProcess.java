package dev.shortener.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own JVM ({@code dev.shortener.Main} on the test class path), aimed at the test
 * stack's PostgreSQL and Redis in open mode: for tests of what only a real process shows (signals, a
 * {@code kill -9}). Its output goes to a temporary log file.
 */
public final class ServiceProcess implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private ServiceProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts the process with {@code env} on top of the stack's settings and waits until it is ready. */
  public static ServiceProcess start(Map<String, String> env) {
    int port = Ports.free();
    try {
      Path log = Files.createTempFile("shortener-process", ".log");
      var url = TestStack.get().backend().databaseUrl();
      ProcessBuilder builder = new ProcessBuilder(
          ProcessHandle.current().info().command().orElse("java"),
          "-cp", System.getProperty("java.class.path"), "dev.shortener.Main")
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      builder.environment().put("DATABASE_URL", "postgresql://" + url.user() + ":" + url.password() + "@"
          + url.host() + ":" + url.port() + "/" + url.database());
      builder.environment().put("REDIS_URL", TestStack.get().backend().redisUrl());
      builder.environment().put("HTTP_PORT", Integer.toString(port));
      builder.environment().put("AUTH_MODE", "open"); // a production start defaults to keys mode
      builder.environment().putAll(env);
      ServiceProcess started = new ServiceProcess(builder.start(), log, port);
      Api api = started.api();
      try {
        // generous: a JVM start on a loaded 2-core machine; a process that exits ends the wait at once
        Waits.until(Duration.ofSeconds(180), "the process to serve", () -> {
          if (!started.process.isAlive()) {
            throw new AssertionError("the process exited with " + started.process.exitValue() + ":\n"
                + started.output());
          }
          try {
            return api.get("/health/ready").status() == 200;
          } catch (RuntimeException notYet) {
            return false;
          }
        });
      } catch (AssertionError e) {
        String output = started.output();
        started.close();
        throw new AssertionError(e.getMessage() + "\n" + output.substring(Math.max(0, output.length() - 4000)), e);
      }
      return started;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Api api() {
    return new Api("http://127.0.0.1:" + port);
  }

  /** SIGKILL: no shutdown hook, no drain, nothing flushed. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then the exit status once the JVM exits by itself (-1 if it did not in 30 s). */
  public int terminate() throws InterruptedException {
    process.destroy();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      Files.deleteIfExists(log);
    } catch (IOException e) {
      // a temporary file
    }
  }
}
