package dev.shortener.imports;

import dev.shortener.validation.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * One CSV file read as a stream, record by record, so memory stays flat however long it is: strict
 * UTF-8, a header row, and every problem a {@link BadLine} naming the file line (not the record
 * number: blank lines and quoted line breaks count). The one reader of every bulk import.
 */
final class CsvInput implements AutoCloseable {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setIgnoreEmptyLines(true)
      .setIgnoreSurroundingSpaces(true)
      .setAllowDuplicateHeaderNames(false)
      .get();
  /** commons-csv says "(line 3)", "(startline 3)" or "at line: 3,"; numbers may have grouping commas. */
  private static final Pattern LINE = Pattern.compile("line:? (\\d{1,3}(?:,\\d{3})*)");

  private final Utf8Reader reader;
  private final CSVParser parser;
  private final List<String> columns;

  private CsvInput(Utf8Reader reader, CSVParser parser, List<String> columns) {
    this.reader = reader;
    this.parser = parser;
    this.columns = columns;
  }

  /** Reads the header; {@code bytesRead} hears how far into the stream the reader is. */
  static CsvInput open(InputStream in, LongConsumer bytesRead) {
    Utf8Reader reader = new Utf8Reader(in, bytesRead);
    try {
      CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
      List<String> columns = parser.getHeaderNames();
      if (columns == null || columns.isEmpty()) {
        throw new BadLine(1, "the file is empty; expected a header row");
      }
      return new CsvInput(reader, parser, columns);
    } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
      throw translate(e);
    }
  }

  /** The header must name only {@code known} columns and every one of {@code required}. */
  void requireColumns(Set<String> known, Set<String> required, String expected) {
    for (String name : columns) {
      if (!known.contains(name)) {
        throw new BadLine(1, "unknown column '" + name + "'; expected " + expected);
      }
    }
    for (String name : required) {
      if (!columns.contains(name)) {
        throw new BadLine(1, "the header must name " + String.join(", ", required) + "; expected " + expected);
      }
    }
  }

  boolean has(String column) {
    return columns.contains(column);
  }

  /** Hands each record to {@code action} in file order; a malformed record stops the file. */
  void each(Consumer<Line> action) {
    try {
      for (CSVRecord record : parser) {
        Line line = new Line(reader.lineAt(record.getCharacterPosition()), record);
        if (record.size() != columns.size()) {
          throw line.bad("expected " + columns.size() + " columns, found " + record.size());
        }
        action.accept(line);
      }
    } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw translate(e);
    }
  }

  private static BadLine translate(Exception e) {
    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof Utf8Reader.NotUtf8 notUtf8) {
        return new BadLine(notUtf8.line, "the file is not UTF-8 text");
      }
      if (t instanceof BadLine bad) {
        return bad;
      }
    }
    Matcher matcher = LINE.matcher(String.valueOf(cause.getMessage()));
    long line = matcher.find() ? Long.parseLong(matcher.group(1).replace(",", "")) : 1;
    return new BadLine(line, "malformed CSV");
  }

  @Override
  public void close() {
    try {
      parser.close();
    } catch (IOException e) {
      // reading is over; nothing to report
    }
  }

  /** One record and the typed reading of its cells. */
  record Line(long number, CSVRecord record) {
    BadLine bad(String message) {
      return new BadLine(number, message);
    }

    /** The stripped cell, "" when the column is absent or empty. */
    String text(String column) {
      return record.isMapped(column) ? record.get(column).strip() : "";
    }

    /** A positive integer, or null when the cell is empty. */
    Long id(String column) {
      String raw = text(column);
      if (raw.isEmpty()) {
        return null;
      }
      try {
        long id = Long.parseLong(raw);
        if (id >= 1) {
          return id;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(column + " must be a positive integer");
    }

    long requiredId(String column) {
      Long id = id(column);
      if (id == null) {
        throw bad(column + " is required");
      }
      return id;
    }

    /** A timestamp in either input form, or null when the cell is empty. */
    LocalDateTime timestamp(String column) {
      String raw = text(column);
      if (raw.isEmpty()) {
        return null;
      }
      Optional<LocalDateTime> parsed = Timestamps.parse(raw);
      if (parsed.isEmpty()) {
        throw bad(column + " must be a timestamp like 2025-09-19 22:25:05");
      }
      return parsed.get();
    }

    /** True/False as the original service wrote them, true/false, 1/0; empty is {@code fallback}. */
    boolean bool(String column, boolean fallback) {
      return switch (text(column).toLowerCase(Locale.ROOT)) {
        case "" -> fallback;
        case "true", "1" -> true;
        case "false", "0" -> false;
        default -> throw bad(column + " must be True or False");
      };
    }

    /** Throws the line's error when {@code problem} (a validation message) is not null. */
    void check(String column, String problem) {
      if (problem != null) {
        throw bad(column + " " + problem);
      }
    }
  }
}
