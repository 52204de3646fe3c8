package dev.shortener.exports;

import static dev.shortener.testing.Asserts.assertError;
import static dev.shortener.testing.Asserts.assertStatus;
import static dev.shortener.testing.Asserts.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.ApiTest;
import dev.shortener.testing.HttpResult;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportApiTest extends ApiTest {
  /** The January partitions these tests create: other tests (retention) expect only their own old days. */
  @AfterEach
  void dropOldPartitions() {
    STACK.sql("DROP TABLE IF EXISTS clicks_p20260101, clicks_p20260102, clicks_p20260103, clicks_p20260104");
  }

  @Test
  void anEmptyExportIsItsHeader() {
    HttpResult export = api.get("/urls/export.csv");
    assertStatus(200, export);
    assertEquals("text/csv; charset=utf-8", export.header("Content-Type"));
    assertEquals("attachment; filename=\"urls.csv\"", export.header("Content-Disposition"));
    assertEquals(ExportStore.LINKS_HEADER + "\r\n", export.body());
  }

  @Test
  void linksCarryTheirClickCountsAndQuoting() {
    long ann = createUser("ann").getLong("id");
    long bob = createUser("bob").getLong("id");
    String code = createUrl(ann, "https://example.com/a").getString("short_code");
    createUrl(bob, "https://example.com/b?x=1,2");
    api.put("/urls/1", "{\"title\":\"Quoted \\\"title\\\", with comma\"}");
    clicks(1, 3);
    HttpResult export = api.get("/urls/export.csv");
    List<String> lines = export.body().lines().toList();
    assertEquals(3, lines.size(), export.body());
    assertEquals(ExportStore.LINKS_HEADER, lines.get(0));
    assertTrue(export.body().contains("\r\n"));
    assertTrue(lines.get(1).startsWith("1," + ann + "," + code + ",https://example.com/a,\"Quoted \"\"title\"\", with comma\",true,"),
        lines.get(1));
    assertTrue(lines.get(1).endsWith(",,3"), lines.get(1));
    assertTrue(lines.get(2).startsWith("2," + bob + ","), lines.get(2));
    assertTrue(lines.get(2).contains(",\"https://example.com/b?x=1,2\",t,true,"), lines.get(2));
    assertTrue(lines.get(2).endsWith(",0"), lines.get(2));

    List<String> mine = api.get("/v1/urls/export.csv?user_id=" + bob).body().lines().toList();
    assertEquals(2, mine.size());
    assertValidation(api.get("/urls/export.csv?user_id=x"), "user_id");
  }

  @Test
  void clicksOfALinkInATimeRange() {
    long ann = createUser("ann").getLong("id");
    createUrl(ann, "https://example.com/a");
    STACK.sql("""
        SELECT clicks_partition(d::date) FROM generate_series(date '2026-01-01', date '2026-01-03', interval '1 day') d;
        INSERT INTO clicks (id, at, url_id, user_id, short_code, referrer, user_agent, device, bot, visitor) VALUES
        (nextval('events_id_seq'), '2026-01-01 10:00:00', 1, 1, 'abc', 'https://news.example/', 'UA, one', 'other', false, '0000000000000001'),
        (nextval('events_id_seq'), '2026-01-02 10:00:00.5', 1, 1, 'abc', NULL, 'UA two', 'other', false, '0000000000000002'),
        (nextval('events_id_seq'), '2026-01-03 10:00:00', 1, 1, 'abc', NULL, 'UA three', 'other', false, '0000000000000003')""");
    HttpResult all = api.get("/urls/1/clicks.csv");
    assertStatus(200, all);
    assertEquals("text/csv; charset=utf-8", all.header("Content-Type"));
    assertEquals(List.of(ExportStore.CLICKS_HEADER,
        "2,2026-01-01T10:00:00,abc,https://news.example/,\"UA, one\"",
        "3,2026-01-02T10:00:00.500000,abc,,UA two",
        "4,2026-01-03T10:00:00,abc,,UA three"), all.body().lines().toList());
    List<String> range = api.get("/urls/1/clicks.csv?from=2026-01-02%2000:00:00&to=2026-01-03T10:00:00")
        .body().lines().toList();
    assertEquals(2, range.size());
    assertTrue(range.get(1).startsWith("3,"));
    assertEquals(List.of(ExportStore.CLICKS_HEADER), api.get("/urls/1/clicks.csv?from=2030-01-01T00:00:00")
        .body().lines().toList());
    assertValidation(api.get("/urls/1/clicks.csv?from=yesterday&to=2026-13-01T00:00:00"), "from", "to");
    assertError(404, "URL not found", api.get("/urls/99/clicks.csv"));
    assertError(404, "URL not found", api.get("/urls/abc/clicks.csv"));
  }

  /**
   * 200,000 clicks with long user agents (about 60 MB of CSV) go out while the used heap, measured
   * after a GC half way through the download, stays where it was before: the rows are never held.
   */
  @Test
  void exportingTwoHundredThousandClicksKeepsTheHeapFlat() throws Exception {
    createUser("ann");
    createUrl(1, "https://example.com/a");
    int rows = 200_000;
    STACK.sql("""
        SELECT clicks_partition(d::date) FROM generate_series(date '2026-01-01', date '2026-01-04', interval '1 day') d;
        INSERT INTO clicks (id, at, url_id, user_id, short_code, referrer, user_agent, device, bot, visitor)
        SELECT nextval('events_id_seq'), timestamp '2026-01-01' + g * interval '1 second', 1, 1, 'abc',
               'https://ref.example/' || g, repeat('Mozilla/5.0 (X11; Linux x86_64) ', 9) || g, 'other', false,
               lpad(g::text, 16, '0')
        FROM generate_series(1, %d) g""".formatted(rows));
    long before = usedHeapAfterGc();
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> response = client.send(
        HttpRequest.newBuilder(URI.create(STACK.baseUrl() + "/urls/1/clicks.csv")).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    long lines = 0;
    long bytes = 0;
    long during = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines++;
        bytes += line.length() + 2;
        if (lines == rows / 2) {
          during = usedHeapAfterGc();
        }
      }
    }
    assertEquals(rows + 1, lines);
    assertTrue(bytes > 60_000_000L, "the export is large: " + bytes);
    long growth = during - before;
    assertTrue(growth < 24 * 1024 * 1024, "heap grew by " + growth / 1024 / 1024 + " MB while exporting "
        + bytes / 1024 / 1024 + " MB");
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** {@code n} clicks as the click writer leaves them: rows in the log and the hour's rollup. */
  private void clicks(long urlId, int n) {
    STACK.sql("""
        INSERT INTO clicks (id, at, url_id, user_id, short_code, device, bot, visitor)
        SELECT nextval('events_id_seq'), now() AT TIME ZONE 'utc', %1$d, NULL, 'abc', 'other', false, lpad(g::text, 16, '0')
        FROM generate_series(1, %2$d) g;
        INSERT INTO click_hourly (url_id, hour, clicks, humans, bots, visitors)
        VALUES (%1$d, date_trunc('hour', now() AT TIME ZONE 'utc'), %2$d, %2$d, 0, %2$d)""".formatted(urlId, n));
  }
}
