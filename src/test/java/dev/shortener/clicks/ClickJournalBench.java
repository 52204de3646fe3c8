package dev.shortener.clicks;

import dev.shortener.config.AppConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A plain microbenchmark of what the click journal adds to a redirect: {@link ClickQueue#offer} with
 * the journal off and on, from {@code threads} threads (the event loops), a drainer thread playing
 * the writers (take, claim, finish). Prints nanoseconds per offer. Not a test: run it with
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.shortener.clicks.ClickJournalBench -Dexec.args="2 2000000 /dev/shm"}, or with java -cp (arguments: threads, offers per thread, the
 * directory under which the journal goes: the file system matters).
 */
public final class ClickJournalBench {
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int perThread = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path parent = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
    Click click = new Click(42, 7, "aB3dE9", "https://news.example.com/some/article?id=12345",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        LocalDateTime.now(), "203.0.113.77");
    for (int round = 0; round < 3; round++) {
      for (boolean journal : new boolean[] {false, true}) {
        Path dir = Files.createTempDirectory(parent, "journal-bench");
        AppConfig.Clicks config = new AppConfig.Clicks(100_000, 1000, Duration.ofSeconds(1), 1, "", 0, 0,
            journal ? dir.toString() : "", 4 << 20, 64);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClickQueue queue = ClickQueue.create(config, registry);
        double ns = run(queue, click, threads, perThread);
        queue.close();
        System.out.printf("round %d journal %-5s %d threads: %.0f ns per offer (each thread), %.0f dropped%n", round,
            journal, threads, ns, registry.get("shortener.clicks.dropped").counter().count());
      }
    }
  }

  private static double run(ClickQueue queue, Click click, int threads, int perThread) throws Exception {
    CountDownLatch done = new CountDownLatch(threads);
    Thread drainer = new Thread(() -> {
      while (done.getCount() > 0 || queue.depth() > 0) {
        ClickBatch batch = queue.take(1000);
        batch.claim();
        batch.finish();
      }
    });
    drainer.start();
    List<Thread> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          queue.offer(click).answering();
        }
        done.countDown();
      });
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    long elapsed = System.nanoTime() - start;
    drainer.join();
    return (double) elapsed / perThread;
  }
}
