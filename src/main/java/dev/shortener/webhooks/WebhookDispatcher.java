package dev.shortener.webhooks;

import dev.shortener.config.AppConfig;
import dev.shortener.db.Database;
import dev.shortener.http.JsonCodec;
import dev.shortener.validation.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery worker, one per replica and safe on all of them: it leases due outbox rows
 * ({@link DeliveryStore#claim}), sends each as a signed POST to the address it checked, and records
 * the outcome (delivered; or retried with exponential backoff and jitter; or failed after
 * {@code webhooks.max-attempts}; the endpoint disabled after {@code webhooks.disable-after} failures
 * in a row). Each endpoint has at most {@code webhooks.concurrency} requests out, each bounded by
 * {@code webhooks.timeout-ms}, so a slow receiver holds only its own deliveries back.
 */
public final class WebhookDispatcher extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int MAX_ERROR_CHARS = 500;
  /** Payload of a delivery: {@code {"type","timestamp","data"}}. */
  record Payload(String type, String timestamp, Object data) {}

  private final AppConfig config;
  private final AppConfig.Webhooks settings;
  private final WebhookMetrics metrics;
  private final LinkPayload links;
  private Database db;
  private DeliveryStore store;
  private HttpClientAgent client;
  private ReceiverAddresses addresses;
  private long timer = -1;
  private boolean claiming;
  private boolean claimAgain;
  private int inFlight;
  private Promise<Void> drained;

  /** {@code links}: the API's link object of a stored link row, the {@code data} of link events. */
  public WebhookDispatcher(AppConfig config, MeterRegistry registry, LinkPayload links) {
    this.config = config;
    this.links = links;
    this.settings = config.webhooks();
    this.metrics = new WebhookMetrics(registry);
  }

  @Override
  public Future<?> start() {
    db = Database.create(vertx, new AppConfig.Database(config.database().url(), 2, 1,
        config.database().queryTimeout(), config.database().readyTimeout()));
    store = new DeliveryStore(db);
    int timeout = (int) settings.timeout().toMillis();
    client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout(timeout)
            .setForceSni(true) // requests go to the checked IP; TLS still names the receiver's host
            .setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(settings.concurrency()));
    addresses = new ReceiverAddresses(vertx, settings.allowPrivate());
    timer = vertx.setPeriodic(settings.pollInterval().toMillis(), id -> {
      claim();
      store.depth().onSuccess(metrics::depth);
    });
    claim();
    return Future.succeededFuture();
  }

  /** Stops claiming, lets requests in flight finish (bounded by the timeout), then closes. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    drained = Promise.promise();
    if (inFlight == 0) {
      drained.complete();
    }
    return drained.future()
        .timeout(settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)
        .recover(e -> Future.succeededFuture()) // unfinished leases run out; another replica resends
        .eventually(() -> Future.join(client.close(), db.close()));
  }

  /** Leases what is due; one claim at a time, another right after if asked for meanwhile. */
  private void claim() {
    if (drained != null) {
      return;
    }
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = true;
    store.claim(settings.concurrency(), lease()).onComplete(ar -> {
      claiming = false;
      if (ar.succeeded()) {
        ar.result().forEach(this::deliver);
      } else {
        LOG.warn("cannot claim webhook deliveries: {}", ar.cause().getMessage());
      }
      if (claimAgain) {
        claimAgain = false;
        claim();
      }
    });
  }

  /** Long enough for resolving, the request and recording its outcome. */
  private Duration lease() {
    return settings.timeout().multipliedBy(2).plusSeconds(30);
  }

  private void deliver(DeliveryStore.Leased delivery) {
    inFlight++;
    long start = System.nanoTime();
    addresses.resolve(delivery.url())
        .compose(target -> send(target, delivery))
        .compose(status -> {
          long nanos = System.nanoTime() - start;
          if (status >= 200 && status < 300) {
            metrics.delivered(nanos);
            return store.delivered(delivery.id(), status);
          }
          return failed(delivery, status, "HTTP " + status, nanos);
        }, e -> failed(delivery, null, String.valueOf(e.getMessage()), System.nanoTime() - start))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("cannot record webhook delivery {}: {}", delivery.id(), ar.cause().getMessage());
          }
          inFlight--;
          if (drained != null && inFlight == 0) {
            drained.tryComplete();
          }
          claim();
        });
  }

  private Future<Integer> send(ReceiverAddresses.Target target, DeliveryStore.Leased delivery) {
    Object data = delivery.type().startsWith("link.") && !WebhookOutbox.LINK_CLICKED.equals(delivery.type())
        ? links.data(delivery.data()) : delivery.data().getMap();
    Buffer body = JsonCodec.encode(new Payload(delivery.type(), Timestamps.format(delivery.occurredAt()), data));
    long timestamp = System.currentTimeMillis() / 1000;
    long timeout = settings.timeout().toMillis();
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(target.port(), target.address()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.ssl())
        .setURI(target.path())
        .setConnectTimeout(timeout)
        .setIdleTimeout(timeout)
        .putHeader("content-type", "application/json")
        .putHeader("user-agent", "url-shortener-webhooks")
        .putHeader("webhook-id", delivery.eventId())
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature",
            Signatures.sign(delivery.secret(), delivery.eventId(), timestamp, body.getBytes()));
    return client.request(request)
        .compose(req -> req.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()))
        .timeout(timeout, TimeUnit.MILLISECONDS);
  }

  private Future<Void> failed(DeliveryStore.Leased delivery, Integer status, String error, long nanos) {
    metrics.failed(delivery.webhookId(), nanos);
    int attempt = delivery.attempts() + 1;
    String reason = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) : error;
    return store.failed(delivery.id(), status, reason, retryDelay(attempt), settings.maxAttempts(),
            settings.disableAfter())
        .map(outcome -> {
          if (outcome.disabled()) {
            metrics.disabled();
            LOG.warn("webhook {} disabled after {} consecutive failures", delivery.webhookId(), settings.disableAfter());
          }
          return null;
        });
  }

  /**
   * Exponential backoff with jitter: base x 2^(attempt-1), capped, then 75-100 % of it at random,
   * so receivers that come back are not hit by every replica's retries at once. With the defaults
   * (5 s doubling to 15 min, 12 attempts) the retries span about an hour.
   */
  long retryDelay(int attempt) {
    long base = settings.retryBase().toMillis();
    long capped = Math.min(settings.retryMax().toMillis(), base << Math.min(attempt - 1, 30));
    return (long) (capped * (0.75 + 0.25 * ThreadLocalRandom.current().nextDouble()));
  }
}
