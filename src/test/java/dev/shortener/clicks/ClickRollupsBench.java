package dev.shortener.clicks;

import dev.shortener.analytics.ClientTraits;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A plain microbenchmark of the click writer's counting pass, {@link ClickRollups#of}, over batches of
 * 10,000 clicks: on one link (redirect-hit), spread over 10,000 links (redirect-spread), and spread
 * with human clicks (the five dimension maps as well). Prints nanoseconds per click. Not a test: run it
 * with {@code java -cp target/classes:target/test-classes:<dependencies> dev.shortener.clicks.ClickRollupsBench}
 * (the dependencies: {@code mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout}).
 */
public final class ClickRollupsBench {
  private static final int BATCH = 10_000;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<EnrichedClick> hot = batch(1, true);
    List<EnrichedClick> spread = batch(10_000, true);
    List<EnrichedClick> humans = batch(10_000, false);
    for (int round = 0; round < rounds; round++) {
      System.out.printf("round %d: one link %.0f ns/click, 10,000 links %.0f ns/click, 10,000 links humans %.0f ns/click%n",
          round, time(hot), time(spread), time(humans));
    }
  }

  private static double time(List<EnrichedClick> batch) {
    long sink = 0;
    int reps = 200;
    long start = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      sink += ClickRollups.of(batch).hourly().size();
    }
    long elapsed = System.nanoTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return (double) elapsed / reps / batch.size();
  }

  /** A batch as a writer takes it: clicks in arrival order over one minute, visitors from 2,000 clients. */
  private static List<EnrichedClick> batch(int links, boolean bots) {
    SplittableRandom random = new SplittableRandom(7);
    LocalDateTime start = LocalDateTime.of(2026, 11, 28, 9, 59, 30);
    ClientTraits bot = new ClientTraits("Other", "Other", ClientTraits.BOT, true);
    ClientTraits[] people = {new ClientTraits("Chrome", "Windows", ClientTraits.DESKTOP, false),
        new ClientTraits("Mobile Safari", "iOS", ClientTraits.MOBILE, false),
        new ClientTraits("Firefox", "Linux", ClientTraits.DESKTOP, false)};
    String[] countries = {"US", "DE", "FR", null};
    String[] hosts = {null, "news.example.com", "t.co"};
    List<EnrichedClick> clicks = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      long url = 1 + random.nextInt(links);
      Click click = new Click(url, 1 + url % 1000, "c" + url, null, null, start.plusNanos(6_000_000L * i), null);
      String visitor = String.format("%016x", random.nextLong(2000) * 0x9E3779B97F4A7C15L);
      clicks.add(bots ? new EnrichedClick(click, null, bot, null, visitor)
          : new EnrichedClick(click, hosts[i % hosts.length], people[i % people.length],
              countries[i % countries.length], visitor));
    }
    return clicks;
  }
}
