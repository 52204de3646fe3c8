package dev.shortener.clicks;

import dev.shortener.config.AppConfig;
import dev.shortener.config.ConfigException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica's local, append-only record of the clicks it answered: a click is in the page cache
 * before its redirect is sent and marked answered right before the write, so a {@code kill -9} loses
 * none of them; the next start replays the answered ones that no committed batch holds. A segment file goes once all its clicks are written; the batch id is
 * stored in the records before the batch is sent, so a replay re-sends a claimed batch under its own
 * id and {@code click_batches} keeps it from being written twice.
 *
 * <p>Bounded: at most {@code journal-max-segments} files; when they are all in use, an append fails
 * and the click counts as dropped, as when the queue is full. One directory per replica, locked.
 */
final class ClickJournal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClickJournal.class);
  private static final String SUFFIX = ".journal";

  private final Path dir;
  private final int segmentSize;
  private final int maxSegments;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final AtomicInteger live = new AtomicInteger();
  private final Counter replayed;
  private final List<Path> leftOver;
  /**
   * The journal's own thread: prepares the next segment (file created, every page touched) before it
   * is needed and deletes finished ones, so a redirect never waits for the file system.
   */
  private final ExecutorService files = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "click-journal");
    thread.setDaemon(true);
    return thread;
  });
  private long nextSequence;
  private JournalSegment active;
  /** The next segment, ready; null while it is being prepared or could not be. */
  private JournalSegment spare;
  private boolean preparing;
  private boolean full;

  private ClickJournal(Path dir, int segmentSize, int maxSegments, FileChannel lockFile, FileLock lock,
      List<Path> leftOver, MeterRegistry registry) {
    this.dir = dir;
    this.segmentSize = segmentSize;
    this.maxSegments = maxSegments;
    this.lockFile = lockFile;
    this.lock = lock;
    this.leftOver = leftOver;
    this.nextSequence = leftOver.isEmpty() ? 1 : sequence(leftOver.get(leftOver.size() - 1)) + 1;
    Gauge.builder("shortener.click.journal.segments", live, AtomicInteger::get)
        .description("Click journal files in use (bounded by clicks.journal-max-segments)").register(registry);
    this.replayed = Counter.builder("shortener.clicks.replayed")
        .description("Unfinished clicks found in the journal at start and sent again (a committed batch writes nothing)").register(registry);
  }

  /** The journal of {@code config}, or null when it is off. Fails when another process holds the directory. */
  static ClickJournal open(AppConfig.Clicks config, MeterRegistry registry) {
    if (config.journalDir().isBlank()) {
      return null;
    }
    Path dir = Path.of(config.journalDir());
    FileChannel lockFile = null;
    try {
      Files.createDirectories(dir);
      lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = lockFile.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new ConfigException("clicks.journal-dir " + dir.toAbsolutePath()
            + " is in use by another replica: give each replica its own directory");
      }
      List<Path> leftOver;
      try (Stream<Path> files = Files.list(dir)) {
        leftOver = files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
      }
      ClickJournal journal = new ClickJournal(dir, config.journalSegmentBytes(), config.journalMaxSegments(),
          lockFile, lock, leftOver, registry);
      journal.start();
      return journal;
    } catch (IOException e) {
      closeQuietly(lockFile);
      throw new ConfigException("cannot open the click journal in " + dir.toAbsolutePath() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      closeQuietly(lockFile);
      throw e;
    }
  }

  /** The first segment, made here so the first click finds it; the spare follows on the journal's thread. */
  private synchronized void start() throws IOException {
    active = JournalSegment.create(dir.resolve(name(nextSequence++)), segmentSize, this::released);
    live.incrementAndGet();
    prepareSpare();
  }

  /** Journals a click; null when the journal is full or the disk fails (the caller drops the click). */
  Entry append(Click click) {
    ByteBuffer payload = JournalSegment.encode(click);
    int length = JournalSegment.recordLength(payload.remaining());
    JournalSegment segment;
    int offset;
    synchronized (this) {
      segment = active;
      offset = segment == null ? -1 : segment.reserve(length);
      if (offset < 0) {
        segment = rotate(length);
        if (segment == null) {
          return null;
        }
        offset = segment.reserve(length);
      }
    }
    segment.write(offset, payload);
    return new Entry(segment, offset);
  }

  /**
   * Under the lock: seals the active segment and makes the spare the active one, or null when there
   * is none (the journal is full, or the spare is still being prepared: the click is dropped rather
   * than wait for the disk).
   */
  private JournalSegment rotate(int length) {
    if (JournalSegment.HEADER + length > segmentSize) {
      return null; // cannot happen with the configured minimum segment size; never grow a file for one click
    }
    JournalSegment next = spare;
    if (next == null) {
      prepareSpare();
      if (!full) {
        full = true;
        LOG.warn("click journal full ({} of {} segments of {} bytes in {}, the next one {}): clicks are dropped "
            + "until the writers catch up", live.get(), maxSegments, segmentSize, dir,
            preparing ? "still being made" : "not possible");
      }
      return null;
    }
    full = false;
    spare = null;
    JournalSegment previous = active;
    active = next;
    if (previous != null) {
      previous.seal();
    }
    prepareSpare();
    return next;
  }

  /** Under the lock: has the journal's thread make the next segment, unless it is there or under way. */
  private void prepareSpare() {
    if (spare != null || preparing || live.get() >= maxSegments || files.isShutdown()) {
      return;
    }
    preparing = true;
    live.incrementAndGet();
    Path path = dir.resolve(name(nextSequence++));
    files.execute(() -> {
      JournalSegment made = null;
      try {
        made = JournalSegment.create(path, segmentSize, this::released);
      } catch (IOException | RuntimeException e) {
        live.decrementAndGet();
        LOG.error("cannot create click journal segment {}: clicks are dropped until one can be", path, e);
      }
      synchronized (this) {
        spare = made;
        preparing = false;
      }
    });
  }

  /** A segment whose clicks are all written: deleted and unmapped on the journal's thread. */
  private void released(JournalSegment segment) {
    live.decrementAndGet();
    try {
      files.execute(segment::delete);
    } catch (RejectedExecutionException closed) {
      segment.delete();
    }
    synchronized (this) {
      if (spare == null) {
        prepareSpare(); // room again after the journal was full
      }
    }
  }

  /**
   * Reads what earlier processes left and hands it to {@code sink} as batches: first each claimed
   * batch with its own id (exactly its records), then the unclaimed clicks in batches of up to
   * {@code maxBatch}. Runs on a thread of its own; {@code sink} may block.
   */
  void replay(int maxBatch, Consumer<ClickBatch> sink) {
    Map<UUID, List<Entry>> claimed = new LinkedHashMap<>();
    List<Entry> unclaimed = new ArrayList<>();
    List<JournalSegment> segments = new ArrayList<>();
    for (Path path : leftOver) {
      try {
        JournalSegment segment = JournalSegment.reopen(path, this::released);
        if (segment == null) {
          LOG.warn("{} is not a click journal segment: left alone", path);
          continue;
        }
        live.incrementAndGet();
        segments.add(segment);
        segment.scan((offset, state, batch) -> {
          Entry entry = new Entry(segment, offset);
          if (batch != null) {
            claimed.computeIfAbsent(batch, id -> new ArrayList<>()).add(entry);
          } else {
            unclaimed.add(entry);
          }
        });
      } catch (IOException | RuntimeException e) {
        LOG.error("cannot read click journal segment {}: left for the next start", path, e);
      }
    }
    // every record of these segments is counted now: each file goes when its last record is written
    segments.forEach(JournalSegment::seal);
    int total = unclaimed.size() + claimed.values().stream().mapToInt(List::size).sum();
    if (total > 0) {
      LOG.info("replaying {} clicks from the click journal ({} claimed batches)", total, claimed.size());
    }
    replayed.increment(total);
    claimed.forEach((id, entries) -> sink.accept(ClickBatch.of(id, entries)));
    for (int from = 0; from < unclaimed.size(); from += maxBatch) {
      sink.accept(ClickBatch.of(UUID.randomUUID(), unclaimed.subList(from, Math.min(unclaimed.size(), from + maxBatch))));
    }
  }

  /** Seals the active segment (it goes once written) and the spare, and releases the directory. */
  @Override
  public void close() {
    synchronized (this) {
      for (JournalSegment segment : new JournalSegment[] {active, spare}) {
        if (segment != null) {
          segment.seal();
        }
      }
      active = null;
      spare = null;
    }
    files.shutdown();
    try {
      files.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      lock.release();
    } catch (IOException e) {
      // the process exit releases it anyway
    }
    closeQuietly(lockFile);
  }

  private static String name(long sequence) {
    return String.format("%016d%s", sequence, SUFFIX);
  }

  private static long sequence(Path path) {
    String name = path.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do
      }
    }
  }

  /**
   * A click's record: answered right before its redirect is written, claimed before its batch is sent,
   * finished after the batch committed or was dropped.
   */
  record Entry(JournalSegment segment, int offset) implements ClickQueue.Receipt {
    @Override
    public void answering() {
      segment.answered(offset);
    }

    Click click() {
      return segment.decode(offset);
    }

    void claim(UUID batch) {
      segment.claim(offset, batch);
    }

    void finish() {
      segment.finish(offset);
    }
  }
}
