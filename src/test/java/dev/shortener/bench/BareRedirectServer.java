package dev.shortener.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's ceiling: what Vert.x itself does on this machine when a redirect costs nothing.
 * One verticle per core, no router, no cache tiers, no click, no metrics: a 302 from an immutable
 * HashMap of the same codes the service is seeded with (TechEmpower's Vert.x app, reduced to one route).
 * {@code k6/bench.sh} runs it beside the service and divides each scenario's req/s by this server's.
 *
 * <p>Usage: {@code java -cp target/test-classes:target/url-shortener.jar dev.shortener.bench.BareRedirectServer
 * PORT CODES_FILE}, where CODES_FILE has one {@code code<TAB>url} per line.
 */
public final class BareRedirectServer extends VerticleBase {
  // precomputed header names and values, as the service does on its hot path
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("private, no-store");
  private static final CharSequence ZERO = HttpHeaders.createOptimized("0");

  private final int port;
  private final Map<String, CharSequence> targets;

  private BareRedirectServer(int port, Map<String, CharSequence> targets) {
    this.port = port;
    this.targets = targets;
  }

  @Override
  public Future<?> start() {
    // same server options as the service's HttpVerticle (Nagle off); every instance shares the port
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
        .requestHandler(this::handle)
        .listen();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    CharSequence target = path.length() > 1 ? targets.get(path.substring(1)) : null;
    MultiMap headers = request.response().headers();
    if (target == null) {
      request.response().setStatusCode(404).end();
      return;
    }
    headers.add(HttpHeaders.LOCATION, target)
        .add(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
        .add(HttpHeaders.CONTENT_LENGTH, ZERO);
    request.response().setStatusCode(302).end();
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: BareRedirectServer PORT CODES_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Map<String, CharSequence> targets = new HashMap<>(); // filled here, only read once the verticles start
    for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        targets.put(line.substring(0, tab), HttpHeaders.createOptimized(line.substring(tab + 1)));
      }
    }
    int instances = Runtime.getRuntime().availableProcessors();
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new BareRedirectServer(port, targets), new DeploymentOptions().setInstances(instances))
        .onSuccess(id -> System.out.printf("bare redirect server: %d codes, %d verticles, port %d%n",
            targets.size(), instances, port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }
}
