package dev.shortener.http;

import dev.shortener.validation.ShortCodeRule;
import io.vertx.core.http.HttpMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Which methods each path pattern answers, so a 405 can say {@code Allow}. */
public final class RouteTable {
  private record Entry(Pattern pattern, HttpMethod method) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Registers a Vert.x path template ({@code /users/:id}); its first segment must be a reserved code. */
  public void add(String template, HttpMethod method) {
    ShortCodeRule.requireReserved(template);
    entries.add(new Entry(Pattern.compile("^" + template.replaceAll(":[A-Za-z_]+", "[^/]+") + "/?$"), method));
  }

  public void addRegex(String regex, HttpMethod method) {
    entries.add(new Entry(Pattern.compile(regex), method));
  }

  public String allowedMethods(String path) {
    Set<String> methods = new TreeSet<>();
    for (Entry entry : entries) {
      if (entry.pattern.matcher(path).matches()) {
        methods.add(entry.method.name());
      }
    }
    if (!methods.isEmpty()) {
      methods.add("OPTIONS");
    }
    return String.join(", ", methods);
  }
}
