package dev.shortener.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ThreadLocalRandom;

public final class Ports {
  private Ports() {}

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void awaitOpen(int port) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        Waits.sleep(100);
      }
    }
    throw new IllegalStateException("port " + port + " did not open");
  }

  /** A block of {@code count} consecutive free ports (and the same at +{@code offset}) below 32768. */
  static int freeBlock(int count, int offset) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int base = ThreadLocalRandom.current().nextInt(20_000, 22_700 - count);
      boolean free = true;
      for (int i = 0; i < count && free; i++) {
        free = isFree(base + i) && (offset == 0 || isFree(base + i + offset));
      }
      if (free) {
        return base;
      }
    }
    throw new IllegalStateException("no block of " + count + " free ports below 32768");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
