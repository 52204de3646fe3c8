package dev.shortener.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Load;
import dev.shortener.testing.ServiceProcess;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a real replica under redirect load loses no answered click: the clicks it had
 * queued (here: all those answered while the test holds the click writers back with a table lock,
 * plus the batch in flight) come back from the click journal when the replica starts again, and the
 * batch that was in flight is written once (docs/architecture.md, click journal).
 */
class KillNineTest extends ApiTest {
  private static final int WORKERS = 8;

  @Test
  void everyAnswered302BecomesARowAfterKillAndRestart() throws Exception {
    String journal = TestStack.journalDir();
    Map<String, String> env = Map.of("CLICK_JOURNAL_DIR", journal, "SHORTENER_CLICKS_MAX_BATCH", "50");
    long user = createUser("kim").getLong("id");
    var url = createUrl(user, "https://example.com/kill");
    long urlId = url.getLong("id");
    String code = url.getString("short_code");
    String rows = "SELECT count(*) FROM clicks WHERE url_id = " + urlId;

    long answered;
    long writtenBeforeRestart;
    try (ServiceProcess replica = ServiceProcess.start(env)) {
      Api target = replica.api();
      Load load = Load.start(WORKERS, i -> target.get("/" + code));
      Waits.until(Duration.ofSeconds(30), "clicks written under load", () -> STACK.count(rows) >= 100);
      try (Connection conn = STACK.connect(); Statement st = conn.createStatement()) {
        // the writers' next batches wait for this lock: what is answered from now on stays queued
        conn.setAutoCommit(false);
        st.execute("LOCK TABLE click_batches IN SHARE MODE");
        long before = load.count(302);
        Waits.until(Duration.ofSeconds(30), "redirects answered while the writers wait", () -> load.count(302) >= before + 500);
        replica.kill(); // SIGKILL under load
        load.stop();
        answered = load.count(302);
        conn.rollback();
      }
      writtenBeforeRestart = STACK.count(rows);
      assertEquals(0, load.serverErrors(), load.toString());
    }
    assertTrue(writtenBeforeRestart <= answered - 500,
        "at least 500 answered clicks were only in the journal at the kill: " + writtenBeforeRestart + " of " + answered);

    try (ServiceProcess restarted = ServiceProcess.start(env)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (STACK.count(rows) < answered && System.nanoTime() < deadline) {
        Waits.sleep(50);
      }
      long written = STACK.count(rows);
      assertTrue(written >= answered, "every answered 302 is a row after the replay: " + written + " of " + answered
          + " (" + writtenBeforeRestart + " before it); "
          + restarted.api().get("/metrics").body().lines().filter(l -> l.startsWith("shortener_clicks")).toList()
          + "\n" + restarted.output());
      assertEquals(143, restarted.terminate(), "a graceful stop after the replay (it writes what is still queued)");
      assertTrue(restarted.output().contains("replaying"), restarted.output());
    }
    // a click is marked answered right before its 302 is written: a kill within those microseconds
    // counts a click whose answer never left, at most one per load connection; a batch written
    // twice would be up to 50
    long written = STACK.count(rows);
    assertTrue(written >= answered && written <= answered + WORKERS, "none twice: " + written + " rows for " + answered + " answered");
    assertEquals(written, STACK.count("SELECT coalesce(sum(clicks), 0) FROM click_hourly WHERE url_id = " + urlId),
        "the rollups count each click once");
  }
}
