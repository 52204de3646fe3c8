package dev.shortener.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.shortener.config.ConfigException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** {@code dev} mode logs readable lines, production JSON, and LOG_FORMAT chooses either. */
class LogFormatTest {

  @Test
  void devIsTextProductionIsJsonAndTheVariableWins() {
    assertEquals("text", LogFormat.choose(Map.of(), true));
    assertEquals("json", LogFormat.choose(Map.of(), false));
    assertEquals("json", LogFormat.choose(Map.of("LOG_FORMAT", "json"), true));
    assertEquals("text", LogFormat.choose(Map.of("LOG_FORMAT", "text"), false));
    ConfigException e = assertThrows(ConfigException.class, () -> LogFormat.choose(Map.of("LOG_FORMAT", "xml"), false));
    assertEquals("LOG_FORMAT must be json or text, got 'xml'", e.getMessage());
  }

  /**
   * What conf/logback.xml prints for one access line in the given format: the lines about the test's
   * own path (stdout is shared with the test stack's replicas, which may log meanwhile).
   */
  private static String accessLine(String format) throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      context.setMDCAdapter(MDC.getMDCAdapter());
      context.putProperty("LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(java.nio.file.Path.of("conf/logback.xml").toFile());
      MDC.put("latency_ms", "1.25");
      context.getLogger("access").info("{} {} {}", "GET", "/abc", 302);
      context.stop(); // drains the async appender
    } finally {
      MDC.remove("latency_ms");
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains("/abc"))
        .map(line -> line + "\n").collect(java.util.stream.Collectors.joining());
  }

  @Test
  void textIsOneReadableLine() throws Exception {
    String out = accessLine("text");
    assertEquals(1, out.lines().count(), out);
    assertTrue(out.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  access\\s+GET /abc 302 1\\.25 ms\\R"), out);
  }

  @Test
  void jsonIsOneObjectPerLine() throws Exception {
    String out = accessLine("json");
    assertEquals(1, out.lines().count(), out);
    io.vertx.core.json.JsonObject line = new io.vertx.core.json.JsonObject(out.trim());
    assertEquals("GET /abc 302", line.getString("message"));
    assertEquals("1.25", line.getString("latency_ms"));
  }
}
