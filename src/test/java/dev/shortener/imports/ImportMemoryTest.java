package dev.shortener.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import dev.shortener.testing.Ports;
import dev.shortener.testing.Waits;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Four 10 MiB imports sent at once to a service whose whole heap is {@value #HEAP} (a child JVM that
 * exits on an OutOfMemoryError): the uploads go to disk, one import runs at a time (the others are
 * 429 and come back after Retry-After), and each is streamed, so the heap needs no room for a file.
 * Buffering one upload (10 MiB of bytes, 10-20 MiB more as text) on top of the service's own working
 * set does not fit.
 */
class ImportMemoryTest extends ApiTest {
  static final String HEAP = "-Xmx96m";
  private static final int TEN_MIB = 10 * 1024 * 1024;
  private static final String[] AGENTS = {
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0"};

  /** Rows until the file is just under 10 MiB (the upload limit); returns the row count. */
  private static int fill(StringBuilder csv, java.util.function.IntFunction<String> row) {
    int n = 0;
    while (true) {
      String line = row.apply(n);
      if (csv.length() + line.length() + 512 > TEN_MIB) { // room for the multipart framing
        return n;
      }
      csv.append(line);
      n++;
    }
  }

  /** multipart/form-data, with a budget for a 10 MiB import on a busy machine (the shared client allows 30 s). */
  private static HttpResult upload(int port, String path, byte[] file) {
    String boundary = "----import-heap-boundary";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.csv\"\r\n"
        + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(head);
    body.writeBytes(file);
    body.writeBytes(tail);
    try {
      var response = CLIENT.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofMinutes(5))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      return new HttpResult(response.statusCode(), response.headers(), response.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
      .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

  @org.junit.jupiter.api.AfterEach
  void dropImportedPartitions() {
    MigrationImportTest.dropOldClickPartitions();
  }

  @Test
  void fourTenMebibyteImportsAtOnceFitInANinetySixMebibyteHeap() throws Exception {
    long owner = createUser("owner").getLong("id");
    long link = createUrl(owner, "https://example.com/clicked").getLong("id");
    List<String> paths = List.of("/users/bulk", "/users/bulk", "/urls/bulk?user_id=" + owner, "/events/bulk");
    List<byte[]> files = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      String prefix = "u" + f + "x";
      StringBuilder users = new StringBuilder("username,email\n");
      rows.add(fill(users, i -> prefix + i + "," + prefix + i + "@example.com\n"));
      files.add(users.toString().getBytes(StandardCharsets.UTF_8));
    }
    // own codes: 170,000 generated ones could collide, and a taken code is skipped
    StringBuilder urls = new StringBuilder("short_code,original_url,title\n");
    rows.add(fill(urls, i -> "imp" + i + ",https://example.com/imported/page/" + i + ",Imported page " + i + "\n"));
    files.add(urls.toString().getBytes(StandardCharsets.UTF_8));
    StringBuilder events = new StringBuilder("id,url_id,user_id,event_type,timestamp,details\n");
    rows.add(fill(events, i -> (1_000_000 + i) + "," + link + "," + owner + ",redirect,2026-01-0" + (1 + i % 5) + " "
        + String.format("%02d:%02d:00", i % 24, i % 60) + ",\"{\"\"short_code\"\":\"\"x\"\",\"\"referrer\"\":"
        + "\"\"https://ref" + (i % 7) + ".example/\"\",\"\"user_agent\"\":\"\"" + AGENTS[i % AGENTS.length] + "\"\"}\"\n"));
    files.add(events.toString().getBytes(StandardCharsets.UTF_8));
    for (byte[] file : files) {
      assertTrue(file.length > TEN_MIB - 4096 && file.length < TEN_MIB, "10 MiB: " + file.length);
    }

    int port = Ports.free();
    Path log = Files.createTempFile("shortener-import-heap", ".log");
    var url = STACK.backend().databaseUrl();
    ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
        HEAP, "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "dev.shortener.Main")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("DATABASE_URL", "postgresql://" + url.user() + ":" + url.password() + "@"
        + url.host() + ":" + url.port() + "/" + url.database());
    builder.environment().put("REDIS_URL", STACK.backend().redisUrl());
    builder.environment().put("HTTP_PORT", Integer.toString(port));
    builder.environment().put("AUTH_MODE", "open");
    builder.environment().put("RATE_LIMIT_API", "0");
    builder.environment().put("SHORTENER_HTTP_INSTANCES", "4"); // uploads land on different verticles
    Process process = builder.start();
    try {
      Api child = new Api("http://127.0.0.1:" + port);
      Waits.until(Duration.ofSeconds(60), "the child service to serve", () -> {
        try {
          return child.get("/health/ready").status() == 200;
        } catch (RuntimeException notYet) {
          return false;
        }
      });
      AtomicInteger refused = new AtomicInteger();
      List<CompletableFuture<HttpResult>> uploads = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        String path = paths.get(f);
        byte[] file = files.get(f);
        uploads.add(CompletableFuture.supplyAsync(() -> {
          while (true) {
            HttpResult result = upload(port, path, file);
            if (result.status() != 429) {
              return result;
            }
            refused.incrementAndGet();
            String retryAfter = result.header("Retry-After");
            assertNotNull(retryAfter, result.toString());
            Waits.sleep(Long.parseLong(retryAfter) * 1000);
          }
        }));
      }
      for (int f = 0; f < files.size(); f++) {
        HttpResult result = uploads.get(f).get(10, TimeUnit.MINUTES);
        assertEquals(201, result.status(), result + "\n" + Files.readString(log));
        assertEquals((long) rows.get(f), result.json().getLong("imported"), result.body());
      }
      assertTrue(process.isAlive(), "no OutOfMemoryError:\n" + Files.readString(log));
      assertTrue(refused.get() >= 1, "imports were sent at once, so some waited their turn");
      assertEquals((long) rows.get(0) + rows.get(1) + 1, STACK.count("SELECT count(*) FROM users"));
      assertEquals((long) rows.get(3), STACK.count("SELECT sum(clicks) FROM click_hourly WHERE url_id = " + link));
    } finally {
      process.destroy();
      process.waitFor(30, TimeUnit.SECONDS);
      process.destroyForcibly();
      System.out.println("child log tail:\n" + String.join("\n", Files.readAllLines(log).stream()
          .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("bulk")).limit(40).toList()));
      new File(log.toString()).delete();
    }
  }
}
