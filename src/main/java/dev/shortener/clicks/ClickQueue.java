package dev.shortener.clicks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bounded hand-off between the redirect handlers (every event loop) and the single
 * {@link ClickWriter}. Redirects never wait on it: when it is full, the click is counted as dropped.
 */
public final class ClickQueue {
  private final BlockingQueue<Click> queue;
  private final Counter dropped;
  private final AtomicBoolean writerIdle = new AtomicBoolean(false);
  private volatile Runnable wakeWriter = () -> {};

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
    if (writerIdle.compareAndSet(true, false)) {
      wakeWriter.run();
    }
    return true;
  }

  /** The writer parks itself here when it found nothing to do; the next offer wakes it. */
  void parkWriter(Runnable wake) {
    wakeWriter = wake;
    writerIdle.set(true);
    if (!queue.isEmpty() && writerIdle.compareAndSet(true, false)) {
      wake.run(); // a click slipped in between the last drain and parking
    }
  }

  /** Nothing queued and the writer parked: every accepted click is written. */
  public boolean idle() {
    return queue.isEmpty() && writerIdle.get();
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
