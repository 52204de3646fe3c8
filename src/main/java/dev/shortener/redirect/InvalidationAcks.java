package dev.shortener.redirect;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a write wait until every replica has applied its invalidation: each listener acknowledges
 * what it applied on an ack channel, and the writer counts acks up to the number of subscribers
 * PUBLISH reported. Shared by the verticles of one replica.
 */
public final class InvalidationAcks {
  private final String replicaId = Long.toHexString(ThreadLocalRandom.current().nextLong());
  private final AtomicLong sequence = new AtomicLong();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  private static final class Pending {
    final Promise<Void> done = Promise.promise();
    final AtomicInteger acks = new AtomicInteger();
    volatile long expected = Long.MAX_VALUE;

    void check() {
      if (acks.get() >= expected) {
        done.tryComplete();
      }
    }
  }

  /** Registers a new invalidation before it is published (acks can beat the PUBLISH reply). */
  String open() {
    String id = replicaId + "-" + sequence.incrementAndGet();
    pending.put(id, new Pending());
    return id;
  }

  /** Completes when {@code receivers} acks are in, or fails after {@code timeoutMillis}. */
  Future<Void> await(String id, long receivers, long timeoutMillis) {
    Pending p = pending.get(id);
    p.expected = receivers;
    p.check();
    return p.done.future().timeout(timeoutMillis, TimeUnit.MILLISECONDS).onComplete(ar -> pending.remove(id));
  }

  void cancel(String id) {
    pending.remove(id);
  }

  /** Called by the listener for every ack it hears; acks of other replicas' invalidations are ignored. */
  void acked(String id) {
    Pending p = pending.get(id);
    if (p != null) {
      p.acks.incrementAndGet();
      p.check();
    }
  }
}
