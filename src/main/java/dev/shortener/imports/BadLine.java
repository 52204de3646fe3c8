package dev.shortener.imports;

/** A CSV file that cannot be imported, and the line that says why (line 1 is the header). */
public final class BadLine extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long line;

  public BadLine(long line, String message) {
    super(message, null, false, false);
    this.line = line;
  }

  public long line() {
    return line;
  }

  /** {@code line 3: bad email}, as the shell command prints it. */
  public String describe() {
    return "line " + line + ": " + getMessage();
  }
}
