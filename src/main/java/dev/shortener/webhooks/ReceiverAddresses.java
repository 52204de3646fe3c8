package dev.shortener.webhooks;

import dev.shortener.validation.TargetUrls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/**
 * Where a delivery may go. The receiver's host is resolved at every delivery on a worker thread
 * (the JDK resolver blocks), every address is checked, and the request is sent to the checked
 * address: a name that turns private after creation (DNS rebinding) is refused, not followed.
 */
final class ReceiverAddresses {
  /** Where to connect for a URL: the checked address, plus what the request needs from the URL. */
  record Target(String address, String host, int port, boolean ssl, String path) {}

  /** The receiver resolves to a private or local address. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final Vertx vertx;
  private final boolean allowPrivate;

  ReceiverAddresses(Vertx vertx, boolean allowPrivate) {
    this.vertx = vertx;
    this.allowPrivate = allowPrivate;
  }

  Future<Target> resolve(String url) {
    return vertx.executeBlocking(() -> target(url), false);
  }

  private Target target(String url) throws Exception {
    URI uri = new URI(url);
    boolean ssl = "https".equals(uri.getScheme().toLowerCase(Locale.ROOT));
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    InetAddress[] addresses = InetAddress.getAllByName(bare);
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (!TargetUrls.isPublic(address)) {
          throw new Refused("refused: " + host + " resolves to a private or local address");
        }
      }
    }
    int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new Target(addresses[0].getHostAddress(), host, port, ssl, path);
  }
}
