package dev.shortener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration tables, the shipped defaults and the code name the same keys, defaults
 * and environment variables: adding a setting to one and not the others fails here.
 */
class ConfigReadmeTest {
  private record Row(String key, String value, String environment) {}

  /** The rows of the README table whose header starts with {@code | <firstColumn> |}, cells without backticks. */
  private static List<List<String>> table(String firstColumn) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("\n## Configuration\n");
    assertTrue(section >= 0, "README has a Configuration section");
    int end = readme.indexOf("\n## ", section + 1);
    List<List<String>> rows = new ArrayList<>();
    boolean inTable = false;
    for (String line : readme.substring(section, end).split("\n")) {
      if (line.startsWith("| " + firstColumn + " |")) {
        inTable = true;
      } else if (inTable && line.startsWith("|---")) {
        continue;
      } else if (inTable && line.startsWith("|")) {
        List<String> cells = new ArrayList<>();
        // a \| inside a cell is text, not a column
        for (String cell : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
          cells.add(cell.trim());
        }
        rows.add(cells);
      } else if (inTable) {
        break;
      }
    }
    assertFalse(rows.isEmpty(), "README has a table starting with | " + firstColumn + " |");
    return rows;
  }

  private static String code(String cell) {
    String value = cell.replace("`", "").trim();
    return value.equals("\"\"") ? "" : value;
  }

  private static Map<String, Row> readmeKeys() throws Exception {
    Map<String, Row> rows = new TreeMap<>();
    for (List<String> cells : table("key")) {
      Row row = new Row(code(cells.get(0)), code(cells.get(1)), code(cells.get(2)));
      assertEquals(null, rows.put(row.key(), row), "README names " + row.key() + " twice");
    }
    return rows;
  }

  private static Map<String, String> shippedDefaults() {
    Map<String, String> leaves = new TreeMap<>();
    JsonObject defaults = ConfigLoader.defaults();
    for (String section : defaults.fieldNames()) {
      JsonObject values = defaults.getJsonObject(section);
      for (String key : values.fieldNames()) {
        leaves.put(section + "." + key, String.valueOf(values.getValue(key)));
      }
    }
    return leaves;
  }

  @Test
  void theReadmeTheDefaultsAndTheCodeNameTheSameKeys() throws Exception {
    assertEquals(shippedDefaults().keySet(), readmeKeys().keySet(), "README table vs conf/application.yaml");
    assertEquals(shippedDefaults().keySet(), AppConfig.keys(ConfigLoader.defaults()), "conf/application.yaml vs AppConfig");
  }

  @Test
  void theReadmeStatesTheShippedDefaults() throws Exception {
    Map<String, String> defaults = shippedDefaults();
    readmeKeys().values().forEach(row -> assertEquals(defaults.get(row.key()), row.value(), row.key()));
  }

  @Test
  void theReadmeNamesEveryConventionalVariable() throws Exception {
    Map<String, String> named = new TreeMap<>();
    readmeKeys().values().stream().filter(row -> !row.environment().isEmpty())
        .forEach(row -> named.put(row.environment(), row.key()));
    assertEquals(new TreeMap<>(AppConfig.ENV_OVERRIDES), named);
  }

  /** Logging is Logback's: each variable the README lists is read by conf/logback.xml, with that default. */
  @Test
  void theReadmeStatesTheLoggingVariables() throws Exception {
    String logback = Files.readString(Path.of("conf/logback.xml"));
    Map<String, String> used = new TreeMap<>();
    Matcher variables = Pattern.compile("\\$\\{([A-Z_]+):-([^}]*)}").matcher(logback);
    while (variables.find()) {
      used.put(variables.group(1), variables.group(2));
    }
    Map<String, String> documented = new TreeMap<>();
    for (List<String> cells : table("variable")) {
      documented.put(code(cells.get(0)), code(cells.get(1)));
    }
    assertEquals(used, documented);
  }
}
