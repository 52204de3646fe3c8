package dev.shortener.clicks;

import dev.shortener.config.AppConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded hand-off between the redirect handlers (every event loop) and the
 * {@link ClickWriter}s. Redirects never wait on it: when it is full, the click is counted as dropped.
 * With the {@link ClickJournal} on, a click is journaled before it is queued (so before its redirect
 * is answered), and what an earlier process left in the journal comes first, as ready-made batches.
 */
public final class ClickQueue implements AutoCloseable {
  private final BlockingQueue<Queued> queue;
  private final ClickJournal journal;
  /** Replayed batches, a few at a time: the replay thread waits for the writers to take them. */
  private final BlockingQueue<ClickBatch> backlog = new ArrayBlockingQueue<>(2);
  private final Thread replay;
  private volatile boolean replaying;
  private final Counter dropped;
  /** Writers with nothing to do, waiting for the next offer to wake one of them. */
  private final Queue<Runnable> parked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();
  /** 1 MiB: the visitors of 131,072 link-days, shared by the replica's writers. */
  private final KnownVisitors knownVisitors = new KnownVisitors(1 << 17);

  /** A click and its journal record (null without a journal). */
  private record Queued(Click click, ClickJournal.Entry entry) {}

  /** The queue of {@code config}, its journal opened and the journal's left-overs replaying in the background. */
  public static ClickQueue create(AppConfig.Clicks config, MeterRegistry registry) {
    return new ClickQueue(config.queueCapacity(), ClickJournal.open(config, registry), config.maxBatch(), registry);
  }

  ClickQueue(int capacity, ClickJournal journal, int maxBatch, MeterRegistry registry) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.journal = journal;
    Gauge.builder("shortener.click.queue.depth", queue, BlockingQueue::size)
        .description("Clicks waiting to be written")
        .register(registry);
    Gauge.builder("shortener.click.queue.capacity", () -> capacity)
        .description("Click queue bound")
        .register(registry);
    this.dropped = Counter.builder("shortener.clicks.dropped")
        .description("Clicks lost because the queue was full or the writer gave up")
        .register(registry);
    replaying = journal != null;
    // off the start path: a replica serves at once and writes the left-overs beside the new clicks
    replay = journal == null ? null : new Thread(() -> {
      try {
        journal.replay(maxBatch, this::putReplayed);
      } catch (RuntimeException e) {
        // an interrupted replay (shutdown): the rest stays in the journal for the next start
      } finally {
        replaying = false;
        wakeOne();
      }
    }, "click-journal-replay");
    if (replay != null) {
      replay.setDaemon(true);
      replay.start();
    }
  }

  private void putReplayed(ClickBatch batch) {
    try {
      backlog.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("replay interrupted", e);
    }
    wakeOne();
  }

  /**
   * What the redirect calls right before it writes its answer ({@code end()}): from then on a replay
   * after a kill counts the click, so no answer that reached a client is lost. A kill between this
   * call and the write (microseconds) counts a click whose answer never left. {@link #NO_RECEIPT}
   * when there is no journal.
   */
  @FunctionalInterface
  public interface Receipt {
    void answering();
  }

  public static final Receipt NO_RECEIPT = () -> {};

  /**
   * Never blocks; the click is queued or counted as dropped. With the journal on, the click is in it
   * when this returns: answer the redirect after this call, calling the receipt right before the write.
   */
  public Receipt offer(Click click) {
    ClickJournal.Entry entry = null;
    if (journal != null) {
      if (queue.remainingCapacity() == 0 || (entry = journal.append(click)) == null) {
        dropped.increment();
        return NO_RECEIPT;
      }
    }
    if (!queue.offer(new Queued(click, entry))) {
      if (entry != null) {
        entry.finish();
      }
      dropped.increment();
      return NO_RECEIPT;
    }
    wakeOne();
    return entry == null ? NO_RECEIPT : entry;
  }

  private void wakeOne() {
    Runnable writer = parked.poll();
    if (writer != null) {
      writer.run();
    }
  }

  /** A writer counts from its start to its stop: {@link #idle} waits for all of them. */
  void writerStarted() {
    writers.incrementAndGet();
  }

  void writerStopped(Runnable wake) {
    parked.remove(wake);
    writers.decrementAndGet();
  }

  /** A writer parks itself here when it found nothing to do; the next offer wakes one parked writer. */
  void parkWriter(Runnable wake) {
    parked.add(wake);
    if (!queue.isEmpty() || !backlog.isEmpty()) {
      wakeOne(); // a click slipped in between the last drain and parking
    }
  }

  /** Nothing queued and every writer parked: every accepted click is written. */
  public boolean idle() {
    return !replaying && backlog.isEmpty() && queue.isEmpty() && parked.size() >= writers.get();
  }

  /** The next batch: a replayed one first, else up to {@code max} queued clicks; empty when there is none. */
  ClickBatch take(int max) {
    ClickBatch replayed = backlog.poll();
    if (replayed != null) {
      return replayed;
    }
    List<Queued> taken = new ArrayList<>(Math.min(max, queue.size()));
    queue.drainTo(taken, max);
    List<Click> clicks = new ArrayList<>(taken.size());
    List<ClickJournal.Entry> entries = new ArrayList<>(journal == null ? 0 : taken.size());
    for (Queued queued : taken) {
      clicks.add(queued.click());
      if (queued.entry() != null) {
        entries.add(queued.entry());
      }
    }
    return ClickBatch.fresh(clicks, entries);
  }

  KnownVisitors knownVisitors() {
    return knownVisitors;
  }

  /** After {@code click_visitors} was emptied behind the service's back (tests): every visitor is sent again. */
  public void forgetVisitors() {
    knownVisitors.clear();
  }

  public int depth() {
    return queue.size();
  }

  void dropped(int count) {
    dropped.increment(count);
  }

  /** After the writers stopped: stops the replay (the rest stays journaled) and releases the journal. */
  @Override
  public void close() {
    if (replay != null) {
      replay.interrupt();
      try {
        replay.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (journal != null) {
      journal.close();
    }
  }
}
