package dev.shortener.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shortener.testing.Api;
import dev.shortener.testing.ApiTest;
import dev.shortener.testing.Load;
import dev.shortener.testing.RedisProcesses;
import dev.shortener.testing.Scrape;
import dev.shortener.testing.TestStack.Replica;
import dev.shortener.testing.Waits;
import io.vertx.circuitbreaker.CircuitBreakerState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two replicas on a real Redis Cluster (3 masters with a replica each) and on a Sentinel-managed
 * master: the cache fills and answers, invalidations reach the other replica before the write
 * answers, and a master killed under redirect load costs no 5xx; after the failover the cache is
 * used again and invalidations still arrive.
 */
class RedisHighAvailabilityTest extends ApiTest {
  private static final String REDIS_HITS = "shortener_cache_lookups_total{result=\"hit\",tier=\"redis\"}";

  @BeforeAll
  static void redisServerInstalled() {
    String reason = RedisProcesses.unavailableReason();
    if (reason != null) {
      System.out.println("SKIPPED RedisHighAvailabilityTest: " + reason);
    }
    Assumptions.assumeTrue(reason == null, reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cluster", "sentinel"})
  void cachesInvalidatesAndSurvivesAMasterKilledUnderLoad(String topology) throws Exception {
    try (RedisProcesses redis = topology.equals("cluster") ? RedisProcesses.cluster(3) : RedisProcesses.sentinel()) {
      Map<String, String> env = new HashMap<>(redis.env());
      // a near cache of a few entries: most redirects under load go to Redis
      env.put("SHORTENER_CACHE_NEAR_MAX_ENTRIES", "4");
      try (Replica writer = STACK.startReplica(env); Replica reader = STACK.startReplica(env)) {
        awaitSubscribed(writer, reader);
        long user = createUser("ann").getLong("id");
        List<String> codes = new ArrayList<>();
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < 60; i++) {
          var url = createUrl(user, "https://example.com/" + topology + "/" + i);
          codes.add(url.getString("short_code"));
          ids.put(url.getString("short_code"), url.getLong("id"));
        }
        codes.forEach(code -> assertEquals(302, reader.api().get("/" + code).status()));
        if (topology.equals("cluster")) {
          assertEquals(3, redis.mastersHolding("sc:*"), "keys spread over every master");
        }
        assertRedisAnswers(reader, codes.get(0));
        assertInvalidationsReachTheOtherReplica(writer, reader, ids, codes.subList(30, 33));

        // kill the master that serves the invalidation channel (in a cluster: its shard) and the first code
        int master = redis.masterOf("shortener:invalidate");
        // a link cached on that master and changed while it is down: Redis cannot be told
        String changedInOutage = codes.subList(36, 60).stream()
            .filter(code -> redis.masterOf("sc:" + code) == master).findFirst().orElseThrow();
        try (Load load = Load.start(8, i -> reader.api().get("/" + codes.get(i % 30)))) {
          Waits.until(Duration.ofSeconds(10), "load to run", () -> load.total() > 200);
          redis.kill(master);
          assertEquals(200, writer.api().put("/urls/" + ids.get(changedInOutage), "{\"is_active\":false}").status());
          redis.awaitFailover(master, "shortener:invalidate");
          Waits.until(Duration.ofSeconds(30), "the reader's breaker to close after the failover",
              () -> reader.app().services().breakers().worst() == CircuitBreakerState.CLOSED);
          long atFailover = load.total();
          Waits.until(Duration.ofSeconds(10), "more load after the failover", () -> load.total() > atFailover + 200);
          load.stop();
          assertEquals(0, load.serverErrors(), load.toString());
          assertEquals(0, load.transportErrors(), load.toString());
          assertEquals(load.total(), load.count(302), load.toString());
        }
        awaitSubscribed(writer, reader);
        Waits.until(Duration.ofSeconds(30), "Redis to answer lookups again", () -> redisAnswered(reader, codes.get(1)));
        assertInvalidationsReachTheOtherReplica(writer, reader, ids, codes.subList(33, 36));
        // the promoted replica still held the old entry: the writer flushed the redirect keys of every
        // master once Redis was back (in a cluster, master by master)
        Waits.until(Duration.ofSeconds(30), "the change made during the outage to be seen", () -> {
          reader.app().services().nearCache().clear();
          return reader.api().get("/" + changedInOutage).status() == 410;
        });
      }
    }
  }

  private static void awaitSubscribed(Replica... replicas) {
    for (Replica replica : replicas) {
      Waits.until(Duration.ofSeconds(30), "the invalidation subscription",
          () -> replica.app().services().invalidations().trusted());
    }
  }

  private static void assertRedisAnswers(Replica replica, String code) {
    assertTrue(redisAnswered(replica, code), "a lookup past the near cache is a Redis hit");
  }

  /** Clears the near cache and looks {@code code} up: true when Redis (not PostgreSQL) answered. */
  private static boolean redisAnswered(Replica replica, String code) {
    Api api = replica.api();
    assertEquals(302, api.get("/" + code).status()); // fills Redis if it was not there
    double before = Scrape.value(api, REDIS_HITS);
    replica.app().services().nearCache().clear();
    assertEquals(302, api.get("/" + code).status());
    return Scrape.value(api, REDIS_HITS) > before;
  }

  /** Each code is cached on the reader, deactivated through the writer, and at once 410 on the reader. */
  private static void assertInvalidationsReachTheOtherReplica(Replica writer, Replica reader, Map<String, Long> ids,
      List<String> codes) {
    for (String code : codes) {
      assertEquals(302, reader.api().get("/" + code).status());
      assertEquals(200, writer.api().put("/urls/" + ids.get(code), "{\"is_active\":false}").status());
      assertEquals(410, reader.api().get("/" + code).status(), "stale redirect on the other replica for " + code);
    }
  }
}
