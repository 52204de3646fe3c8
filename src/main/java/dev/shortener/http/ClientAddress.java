package dev.shortener.http;

import dev.shortener.config.Cidr;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/**
 * The client's address: the TCP peer, or, when the peer is a trusted proxy, the right-most address
 * of {@code X-Forwarded-For} that is not a trusted proxy. Read right to left because only the
 * entries our own proxies appended can be believed; anything to the left of the first untrusted hop
 * was written by the client.
 */
public final class ClientAddress {
  /** A connection's peer address as text (Vert.x formats it anew on every call). */
  private record Peer(SocketAddress remote, String text) {}

  /** A power of two above the connections a replica serves at once (500 in the benchmark). */
  private static final int PEERS = 4096;
  private final List<Cidr> trusted;
  /**
   * The text of recent connections' peers, by the identity of the connection's address object: a
   * redirect records its client, and formatting the address was about 120 bytes and a string
   * builder per request. Direct-mapped; an entry is one immutable reference, so a race between
   * threads can only cost a miss, never mix two connections up.
   */
  private final Peer[] peers = new Peer[PEERS];

  public ClientAddress(List<Cidr> trusted) {
    this.trusted = trusted;
  }

  public String of(HttpServerRequest request) {
    SocketAddress remote = request.remoteAddress();
    String peer = remote == null ? "unknown" : peer(remote);
    if (trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String client = peer;
    List<String> headers = request.headers().getAll("X-Forwarded-For");
    for (int h = headers.size() - 1; h >= 0; h--) {
      String[] hops = headers.get(h).split(",");
      for (int i = hops.length - 1; i >= 0; i--) {
        String hop = hops[i].trim();
        if (!NetUtil.isValidIpV4Address(hop) && !NetUtil.isValidIpV6Address(hop)) {
          return client; // garbage: the last hop our proxies vouch for is all we know
        }
        client = hop;
        if (!isTrusted(hop)) {
          return hop;
        }
      }
    }
    return client;
  }

  private String peer(SocketAddress remote) {
    int slot = System.identityHashCode(remote) & (PEERS - 1);
    Peer cached = peers[slot];
    if (cached != null && cached.remote == remote) {
      return cached.text;
    }
    String text = remote.hostAddress();
    peers[slot] = new Peer(remote, text);
    return text;
  }

  private boolean isTrusted(String address) {
    for (Cidr cidr : trusted) {
      if (cidr.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
