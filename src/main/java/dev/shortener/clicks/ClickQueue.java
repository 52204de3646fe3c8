package dev.shortener.clicks;

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
 */
public final class ClickQueue {
  private final BlockingQueue<Click> queue;
  private final Counter dropped;
  /** Writers with nothing to do, waiting for the next offer to wake one of them. */
  private final Queue<Runnable> parked = new ConcurrentLinkedQueue<>();
  private final AtomicInteger writers = new AtomicInteger();

  public ClickQueue(int capacity, MeterRegistry registry) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    Gauge.builder("shortener.click.queue.depth", queue, BlockingQueue::size)
        .description("Clicks waiting to be written")
        .register(registry);
    Gauge.builder("shortener.click.queue.capacity", () -> capacity)
        .description("Click queue bound")
        .register(registry);
    this.dropped = Counter.builder("shortener.clicks.dropped")
        .description("Clicks lost because the queue was full or the writer gave up")
        .register(registry);
  }

  /** Never blocks. False when the click had to be dropped. */
  public boolean offer(Click click) {
    if (!queue.offer(click)) {
      dropped.increment();
      return false;
    }
    wakeOne();
    return true;
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
    if (!queue.isEmpty()) {
      wakeOne(); // a click slipped in between the last drain and parking
    }
  }

  /** Nothing queued and every writer parked: every accepted click is written. */
  public boolean idle() {
    return queue.isEmpty() && parked.size() >= writers.get();
  }

  List<Click> take(int max) {
    List<Click> batch = new ArrayList<>(Math.min(max, queue.size()));
    queue.drainTo(batch, max);
    return batch;
  }

  public int depth() {
    return queue.size();
  }

  void dropped(int count) {
    dropped.increment(count);
  }
}
