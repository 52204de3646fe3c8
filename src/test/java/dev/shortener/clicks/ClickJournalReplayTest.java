package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shortener.config.AppConfig;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.TestStack;
import dev.shortener.testing.Waits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A replica's start replays what an earlier process left in its journal into PostgreSQL: a batch
 * that committed just before the kill (its id in click_batches) is not written again, a claimed
 * batch that did not commit is written under its id, unclaimed clicks are written, and the files go.
 */
class ClickJournalReplayTest extends ApiTest {

  @Test
  void replayWritesWhatDidNotCommitAndNothingTwice() throws Exception {
    long user = createUser("rex").getLong("id");
    var url = createUrl(user, "https://example.com/replay");
    long urlId = url.getLong("id");
    String dir = TestStack.journalDir();
    AppConfig.Clicks config = STACK.config(Map.of("CLICK_JOURNAL_DIR", dir)).clicks();
    ClickJournal journal = ClickJournal.open(config, new SimpleMeterRegistry());
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    UUID committed = UUID.randomUUID();
    UUID inFlight = UUID.randomUUID();
    for (int i = 0; i < 10; i++) {
      ClickJournal.Entry entry = journal.append(new Click(urlId, user, url.getString("short_code"),
          "https://ref.example/", "agent " + i, now, "192.0.2.1"));
      entry.answering(); // answered
      if (i < 3) {
        entry.claim(committed);
      } else if (i < 7) {
        entry.claim(inFlight);
      }
    }
    journal.close();
    STACK.sql("INSERT INTO click_batches (id) VALUES ('" + committed + "')");

    try (TestStack.Replica replica = STACK.startReplica(Map.of("CLICK_JOURNAL_DIR", dir))) {
      Waits.until(Duration.ofSeconds(30), "the replay to be written", () -> replica.app().services().clicks().idle());
      assertEquals(7, STACK.count("SELECT count(*) FROM clicks WHERE url_id = " + urlId),
          "the committed batch is not written again; the other 4 + 3 are");
      assertEquals(1, STACK.count("SELECT count(*) FROM click_batches WHERE id = '" + inFlight + "'"),
          "the claimed batch is written under its own id");
      assertEquals(10, replica.app().services().registry().get("shortener.clicks.replayed").counter().count(), 0.0,
          "every unfinished record is read back; click_batches sorts out the committed one");
    }
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      assertEquals(0, files.filter(f -> f.toString().endsWith(".journal")).count(), "the written files go");
    }
  }
}
