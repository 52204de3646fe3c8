package dev.shortener.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.LongConsumer;

/**
 * Strict UTF-8 from a byte stream, with what the line numbers of a streamed CSV need: where each line
 * break was (released as records are read, so memory stays bounded) and a bad byte reported with the
 * line it is on. A leading byte-order mark is dropped.
 */
final class Utf8Reader extends Reader {
  /** A byte that is not UTF-8, on this line. */
  static final class NotUtf8 extends IOException {
    private static final long serialVersionUID = 1L;
    final long line;

    NotUtf8(long line) {
      super("not UTF-8 at line " + line);
      this.line = line;
    }
  }

  private final InputStream in;
  private final LongConsumer bytesRead;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(64 * 1024).flip();
  private long totalBytes;
  private boolean eof;
  private boolean first = true;
  private boolean broken;

  /** Line breaks not yet claimed by a record: position * 2, +1 for '\n' ('\r' otherwise). */
  private long[] breaks = new long[256];
  private int head;
  private int tail;
  private long produced;
  private long newlines;
  private long claimedNewlines;

  Utf8Reader(InputStream in, LongConsumer bytesRead) {
    this.in = in;
    this.bytesRead = bytesRead;
  }

  @Override
  public int read(char[] target, int offset, int length) throws IOException {
    if (broken) {
      throw new NotUtf8(newlines + 1);
    }
    CharBuffer out = CharBuffer.wrap(target, offset, length);
    while (out.position() == offset) {
      CoderResult result = decoder.decode(bytes, out, eof);
      if (result.isError()) {
        broken = true;
        if (out.position() > offset) {
          break; // hand over what came before the bad byte; the next read reports it
        }
        throw new NotUtf8(newlines + 1);
      }
      if (result.isUnderflow()) {
        if (eof) {
          decoder.flush(out);
          if (out.position() == offset) {
            return -1;
          }
          break;
        }
        fill();
      }
    }
    int n = out.position() - offset;
    int start = offset;
    if (first) {
      first = false;
      if (target[offset] == '\uFEFF') {
        System.arraycopy(target, offset + 1, target, offset, n - 1);
        n--;
        if (n == 0) {
          return read(target, offset, length);
        }
      }
    }
    for (int i = start; i < start + n; i++) {
      char c = target[i];
      if (c == '\n' || c == '\r') {
        remember((produced + i - start) * 2 + (c == '\n' ? 1 : 0));
        if (c == '\n') {
          newlines++;
        }
      }
    }
    produced += n;
    return n;
  }

  private void fill() throws IOException {
    bytes.compact();
    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
    if (n < 0) {
      eof = true;
    } else {
      bytes.position(bytes.position() + n);
      totalBytes += n;
      bytesRead.accept(totalBytes);
    }
    bytes.flip();
  }

  private void remember(long entry) {
    if (tail == breaks.length) {
      int live = tail - head;
      long[] next = live * 2 > breaks.length ? new long[breaks.length * 2] : breaks;
      System.arraycopy(breaks, head, next, 0, live);
      breaks = next;
      head = 0;
      tail = live;
    }
    breaks[tail++] = entry;
  }

  /**
   * The line a record starting at character {@code position} is on. Records come in order; a
   * position may point at the blank lines skipped before the record, which are stepped over.
   */
  long lineAt(long position) {
    long start = position;
    while (head < tail) {
      long at = breaks[head] >> 1;
      if (at > start) {
        break;
      }
      if (at == start) {
        start++;
      }
      if ((breaks[head] & 1) == 1) {
        claimedNewlines++;
      }
      head++;
    }
    return claimedNewlines + 1;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
