package dev.shortener.urls;

import dev.shortener.db.SqlFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Group commit for creates, per verticle (everything here runs on its event loop). While fewer
 * than {@code maxInFlight} writes are running, a create is written at once, alone; creates that
 * arrive while they run wait and go together as the next multi-row statement. Each answer still
 * follows its own commit, so a 201 is as durable as before; under load PostgreSQL parses, plans,
 * commits and flushes WAL once per batch instead of once per create.
 */
final class UrlInserts {
  private record Pending(NewUrl url, String code, Promise<Shortener.Creation> result) {}

  private final UrlStore store;
  private final int maxBatch;
  private final int maxInFlight;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private int inFlight;

  UrlInserts(UrlStore store, int maxBatch, int maxInFlight) {
    this.store = store;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
  }

  /** Like {@link UrlStore#insert}: the created URL, or {@link Shortener.CodeTaken}. */
  Future<Shortener.Creation> insert(NewUrl url, String code) {
    Promise<Shortener.Creation> result = Promise.promise();
    waiting.add(new Pending(url, code, result));
    if (inFlight < maxInFlight) {
      writeNext();
    }
    return result.future();
  }

  private void writeNext() {
    if (waiting.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), maxBatch));
    while (!waiting.isEmpty() && batch.size() < maxBatch) {
      batch.add(waiting.poll());
    }
    inFlight++;
    Future<?> written = batch.size() == 1 ? one(batch.get(0)) : all(batch);
    written.onComplete(done -> {
      inFlight--;
      writeNext();
    });
  }

  private Future<Shortener.Creation> one(Pending pending) {
    return store.insert(pending.url, pending.code).onComplete(pending.result);
  }

  private Future<?> all(List<Pending> batch) {
    List<NewUrl> urls = new ArrayList<>(batch.size());
    List<String> codes = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      urls.add(pending.url);
      codes.add(pending.code);
    }
    return store.insertAll(urls, codes).transform(outcome -> {
      if (outcome.failed() && SqlFailures.unreachable(outcome.cause())) {
        batch.forEach(pending -> pending.result.fail(outcome.cause()));
        return Future.succeededFuture();
      }
      Map<String, ShortUrl> created = new HashMap<>();
      if (outcome.succeeded()) {
        outcome.result().forEach(url -> created.put(url.shortCode(), url));
      }
      // anything else (a user gone, a code taken, the whole batch refused because a user was deleted
      // meanwhile): one by one, each gets exactly the answer a lone create would get
      List<Future<Shortener.Creation>> retried = new ArrayList<>();
      for (Pending pending : batch) {
        ShortUrl url = created.remove(pending.code);
        if (url != null) {
          pending.result.complete(new Shortener.Created(url));
        } else {
          retried.add(one(pending));
        }
      }
      return Future.join(retried);
    });
  }
}
