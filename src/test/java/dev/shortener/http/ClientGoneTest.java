package dev.shortener.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shortener.testing.ApiTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up in the middle of a request is not a server failure: no ERROR or WARN line
 * (a load generator stopping used to log hundreds of "unhandled failure" stack traces), and the
 * service goes on answering.
 */
class ClientGoneTest extends ApiTest {
  @Test
  void aClientClosingMidBodyLogsNoErrorAndChangesNothing() throws Exception {
    Logger errors = (Logger) LoggerFactory.getLogger(ErrorHandler.class);
    ListAppender<ILoggingEvent> capture = new ListAppender<>();
    capture.start();
    errors.addAppender(capture);
    try {
      URI base = URI.create(STACK.baseUrl());
      for (int i = 0; i < 20; i++) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
          OutputStream out = socket.getOutputStream();
          out.write(("POST /users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: 500\r\n\r\n{\"username\":\"gone\"").getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } // closed with 480 bytes of the body missing
      }
      // a request after them is answered in order, so the hung-up ones have been handled by now
      Thread.sleep(300);
      assertEquals(200, api.get("/users").status());
      assertEquals("[]", api.get("/users").body());
      List<String> loud = capture.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
          .map(e -> e.getLevel() + " " + e.getFormattedMessage())
          .toList();
      assertEquals(List.of(), loud);
    } finally {
      errors.detachAppender(capture);
    }
  }
}
