package dev.shortener.testing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/** Concurrent request loops for fault tests: counts answers by status and transport errors. */
public final class Load implements AutoCloseable {
  private final ExecutorService pool;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  private final LongAdder errors = new LongAdder();

  /** Starts {@code workers} loops, each calling {@code request} (given its iteration) until {@link #stop}. */
  public static Load start(int workers, IntFunction<HttpResult> request) {
    Load load = new Load(workers);
    for (int w = 0; w < workers; w++) {
      load.pool.submit(() -> {
        for (int i = 0; load.running.get(); i++) {
          try {
            HttpResult result = request.apply(i);
            load.statuses.computeIfAbsent(result.status(), s -> new LongAdder()).increment();
          } catch (RuntimeException e) {
            load.errors.increment();
          }
        }
      });
    }
    return load;
  }

  private Load(int workers) {
    pool = Executors.newFixedThreadPool(workers);
  }

  public Load runFor(Duration duration) {
    Waits.sleep(duration.toMillis());
    return this;
  }

  public Load stop() {
    running.set(false);
    pool.shutdown();
    try {
      pool.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return this;
  }

  public long count(int status) {
    LongAdder adder = statuses.get(status);
    return adder == null ? 0 : adder.sum();
  }

  public long total() {
    return statuses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long serverErrors() {
    return statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
  }

  public long transportErrors() {
    return errors.sum();
  }

  @Override
  public String toString() {
    return "statuses=" + statuses + " transportErrors=" + errors.sum();
  }

  @Override
  public void close() {
    stop();
  }
}
