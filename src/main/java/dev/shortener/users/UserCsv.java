package dev.shortener.users;

import dev.shortener.errors.Failure;
import dev.shortener.validation.Timestamps;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses the users CSV ({@code id,username,email,created_at}; id and created_at optional) all or
 * nothing: the first malformed row is a 400 that names its line, so nothing is written.
 */
final class UserCsv {
  record Row(Long id, String username, String email, LocalDateTime createdAt) {}

  private static final Set<String> KNOWN = Set.of("id", "username", "email", "created_at");
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true)
      .setIgnoreSurroundingSpaces(true)
      .setAllowDuplicateHeaderNames(false)
      .get();

  private UserCsv() {}

  static List<Row> parse(byte[] bytes) {
    String text = decodeUtf8(bytes);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.isBlank()) {
      throw invalid("line 1", "the file is empty; expected a header id,username,email,created_at");
    }
    try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(FORMAT).get()) {
      Map<String, Integer> header = parser.getHeaderMap();
      checkHeader(header);
      List<Row> rows = new ArrayList<>();
      Lines lines = new Lines(text);
      for (CSVRecord record : parser) {
        rows.add(row(record, header.size(), lines.of(record)));
      }
      return rows;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException | IOException e) {
      throw invalid("line " + lineOf(e), "malformed CSV");
    }
  }

  private static void checkHeader(Map<String, Integer> header) {
    for (String name : header.keySet()) {
      if (!KNOWN.contains(name)) {
        throw invalid("line 1", "unknown column '" + name + "'; expected id,username,email,created_at");
      }
    }
    if (!header.containsKey("username") || !header.containsKey("email")) {
      throw invalid("line 1", "the header must name at least username and email");
    }
  }

  private static Row row(CSVRecord record, int columns, long lineNumber) {
    String line = "line " + lineNumber;
    if (record.size() != columns) {
      throw invalid(line, "expected " + columns + " columns, found " + record.size());
    }
    Long id = null;
    String rawId = cell(record, "id");
    if (!rawId.isEmpty()) {
      try {
        id = Long.parseLong(rawId);
      } catch (NumberFormatException e) {
        id = -1L;
      }
      if (id < 1) {
        throw invalid(line, "id must be a positive integer");
      }
    }
    String username = cell(record, "username");
    String email = cell(record, "email");
    String problem = UserValidation.usernameProblem(username);
    if (problem == null) {
      problem = UserValidation.emailProblem(email);
    }
    if (problem != null) {
      throw invalid(line, problem);
    }
    LocalDateTime createdAt = null;
    String rawCreated = cell(record, "created_at");
    if (!rawCreated.isEmpty()) {
      Optional<LocalDateTime> parsed = Timestamps.parse(rawCreated);
      if (parsed.isEmpty()) {
        throw invalid(line, "created_at must be a timestamp like 2025-09-19 22:25:05");
      }
      createdAt = parsed.get();
    }
    return new Row(id, username, email, createdAt);
  }

  private static String cell(CSVRecord record, String column) {
    return record.isMapped(column) ? record.get(column).strip() : "";
  }

  /** Strict UTF-8: a bad byte is an error naming its line, never a replacement character. */
  private static String decodeUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      int line = 1;
      for (int i = 0; i < in.position(); i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw invalid("line " + line, "the file is not UTF-8 text");
    }
    decoder.flush(out);
    return out.flip().toString();
  }

  /**
   * The file line each record starts on (record numbers skip blank lines, so they are not line
   * numbers). Records come in order, so the newlines are counted once, incrementally.
   */
  private static final class Lines {
    private final String text;
    private int position;
    private long line = 1;

    Lines(String text) {
      this.text = text;
    }

    long of(CSVRecord record) {
      int start = (int) Math.min(record.getCharacterPosition(), text.length());
      while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
        start++; // the position may point at the blank lines skipped before the record
      }
      for (; position < start; position++) {
        if (text.charAt(position) == '\n') {
          line++;
        }
      }
      return line;
    }
  }

  private static String lineOf(Exception e) {
    String message = String.valueOf(e.getMessage());
    // commons-csv says "(line 3)", "(startline 3)" or "at line: 3,"; numbers use grouping commas (1,234)
    var matcher = java.util.regex.Pattern.compile("line:? (\\d{1,3}(?:,\\d{3})*)").matcher(message);
    return matcher.find() ? matcher.group(1).replace(",", "") : "1";
  }

  private static Failure invalid(String line, String message) {
    return Failure.withDetails(Failure.Kind.INVALID, "Invalid CSV", Map.of(line, message));
  }
}
