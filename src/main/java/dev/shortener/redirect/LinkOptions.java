package dev.shortener.redirect;

/**
 * The options that take a link off the fast lane: a password, a visit limit, targeting rules. Cached
 * with the link, so the routed redirect knows what to check without another lookup; the password
 * hash itself is not cached (only {@code POST /{code}} needs it).
 */
public record LinkOptions(boolean passwordProtected, Integer maxVisits, Rules rules) {

  /** Null when nothing is set: such a link is plain. */
  public static LinkOptions of(boolean passwordProtected, Integer maxVisits, Rules rules) {
    return !passwordProtected && maxVisits == null && rules == null ? null
        : new LinkOptions(passwordProtected, maxVisits, rules);
  }

  /** {@code p|maxVisits|rulesJson}; empty fields for what is not set. */
  String encode() {
    return (passwordProtected ? "p" : "") + "|" + (maxVisits == null ? "" : maxVisits) + "|"
        + (rules == null ? "" : rules.json());
  }

  static LinkOptions decode(String value) {
    String[] parts = value.split("\\|", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not cached link options");
    }
    return new LinkOptions(parts[0].equals("p"), parts[1].isEmpty() ? null : Integer.valueOf(parts[1]),
        Rules.compile(parts[2]));
  }
}
