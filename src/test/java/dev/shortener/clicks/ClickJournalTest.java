package dev.shortener.clicks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import dev.shortener.testing.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on its own: what a process leaves is replayed (claimed batches whole, under their own
 * id), finished and unanswered records never are, finished files go, a torn record hides nothing after it, and a
 * full journal refuses instead of growing.
 */
class ClickJournalTest {
  private static final int SEGMENT = AppConfig.Clicks.MIN_JOURNAL_SEGMENT_BYTES;

  @TempDir
  Path dir;

  private ClickJournal open(int maxSegments) {
    return ClickJournal.open(new AppConfig.Clicks(10, 100, Duration.ofSeconds(1), 1, "", 0, 0, dir.toString(),
        SEGMENT, maxSegments), new SimpleMeterRegistry());
  }

  private static Click click(int i) {
    return new Click(i, 7, "code" + i, i % 2 == 0 ? null : "https://ref.example/é" + i,
        "agent/" + i + " ünï", LocalDateTime.of(2026, 11, 27, 21, 0, 1, 123_456_000 + i), "192.0.2." + (i % 250));
  }

  /** Appends and marks answered, as the redirect does right before its answer is written. */
  private static ClickJournal.Entry answered(ClickJournal journal, Click click) {
    ClickJournal.Entry entry = appended(journal, click);
    entry.answering();
    return entry;
  }

  /**
   * Appends, waiting for the next segment when this one is full: the journal's own thread makes it,
   * and a click that finds none ready is dropped by design (a redirect never waits for the disk), which
   * a test appending in a tight loop on a busy machine would otherwise hit at random.
   */
  private static ClickJournal.Entry appended(ClickJournal journal, Click click) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    ClickJournal.Entry entry;
    while ((entry = journal.append(click)) == null && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return entry;
  }

  private static List<ClickBatch> replay(ClickJournal journal, int maxBatch) {
    List<ClickBatch> batches = new ArrayList<>();
    journal.replay(maxBatch, batches::add);
    return batches;
  }

  private long files() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".journal")).count();
    }
  }

  @Test
  void replaysWhatWasNotWrittenClaimedBatchesUnderTheirOwnId() throws IOException {
    ClickJournal first = open(8);
    List<ClickJournal.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 1000; i++) { // more than one segment
      entries.add(answered(first, click(i)));
    }
    appended(first, click(-1)); // its answer never left: a kill cut the request, nginx retries it elsewhere
    UUID claimed = UUID.randomUUID();
    entries.subList(10, 20).forEach(e -> e.claim(claimed));
    entries.subList(0, 10).forEach(ClickJournal.Entry::finish); // written
    assertTrue(files() > 1, "1000 clicks fill more than one 64 KiB segment");
    first.close(); // as the kill leaves it, but the lock released for this JVM

    ClickJournal second = open(8);
    List<ClickBatch> batches = replay(second, 300);
    assertEquals(claimed, batches.get(0).id());
    assertEquals(entries.subList(10, 20).stream().map(ClickJournal.Entry::click).toList(), batches.get(0).clicks());
    List<Click> rest = batches.subList(1, batches.size()).stream().flatMap(b -> b.clicks().stream()).toList();
    List<Click> expected = new ArrayList<>();
    for (int i = 20; i < 1000; i++) {
      expected.add(click(i));
    }
    assertEquals(expected, rest, "every unclaimed answered click, in order, decoded as it was");
    assertTrue(batches.subList(1, batches.size()).stream().allMatch(b -> b.size() <= 300));

    batches.forEach(b -> {
      b.claim();
      b.finish();
    });
    second.close(); // waits for the journal's thread, which deletes the files
    assertEquals(0, files(), "every file goes once its clicks are written, the unused spare at close");
    ClickJournal third = open(8);
    assertEquals(List.of(), replay(third, 300));
    third.close();
  }

  @Test
  void aTornRecordHidesNothingAfterIt() throws IOException {
    ClickJournal first = open(8);
    List<ClickJournal.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(answered(first, click(i)));
    }
    first.close();
    // the kill came while the second record was half written: its magic never landed
    Path file;
    try (Stream<Path> files = Files.list(dir)) { // the first segment, not the spare
      file = files.filter(f -> f.toString().endsWith(".journal")).sorted().findFirst().orElseThrow();
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0).flip(), entries.get(1).offset());
      // and the third's payload is garbage
      channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), entries.get(2).offset() + JournalSegment.RECORD_HEADER + 2);
    }
    ClickJournal second = open(8);
    List<Click> replayed = replay(second, 100).stream().flatMap(b -> b.clicks().stream()).toList();
    assertEquals(List.of(click(0), click(3), click(4)), replayed);
    second.close();
  }

  @Test
  void aFullJournalRefusesAndTakesClicksAgainOnceWritten() throws IOException {
    ClickJournal journal = open(2);
    List<ClickJournal.Entry> entries = new ArrayList<>();
    // the spare segment is made on the journal's thread: a refusal is final once it persists
    for (int refusals = 0; refusals < 20; ) {
      ClickJournal.Entry entry = journal.append(click(entries.size()));
      if (entry == null) {
        refusals++;
        Waits.sleep(50);
      } else {
        entries.add(entry);
        refusals = 0;
      }
    }
    assertEquals(2, files(), "never more files than journal-max-segments");
    assertNull(journal.append(click(1)));
    entries.forEach(ClickJournal.Entry::finish); // the writers caught up
    Waits.until(Duration.ofSeconds(10), "the journal taking clicks again", () -> journal.append(click(1)) != null);
    assertTrue(files() <= 2, "the sealed file went");
    journal.close();
  }

  @Test
  void oneReplicaPerDirectory() {
    ClickJournal journal = open(2);
    try {
      ConfigException e = assertThrows(ConfigException.class, () -> open(2));
      assertTrue(e.getMessage().contains("in use by another replica"), e.getMessage());
    } finally {
      journal.close();
    }
  }
}
