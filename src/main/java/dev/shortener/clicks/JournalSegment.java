package dev.shortener.clicks;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * One file of the {@link ClickJournal}, mapped into memory: stores into the mapping land in the page
 * cache, which outlives a {@code kill -9} of the process, without a system call per click.
 *
 * <p>A record, 8-byte aligned: {@code magic, payload length, CRC32C of the payload, state (a byte),
 * answered (a byte), 2 spare bytes, batch id (2 longs), payload}. The magic is stored last (release),
 * so a record cut short by the kill has none and the replay skips it. The state goes 0 (queued) → 1
 * (claimed by the batch whose id precedes it in memory order, stored before the batch is sent) → 2
 * (written or counted as dropped); the writers set it. The answered byte is set by the event loop
 * right before the redirect is written to the connection: the replay sends only answered clicks, so
 * no answer a client got is lost, and a request the kill cut earlier (which nginx retries on another
 * replica) is not counted twice. The replay scans every aligned position, so a torn record hides
 * nothing after it.
 */
final class JournalSegment {
  static final int HEADER = 64;
  static final int RECORD_HEADER = 32;
  static final int MAGIC = 0xC11C_4A01;
  private static final long FILE_MAGIC = 0x3130_4A4B_434C_4853L; // "SHLCKJ01"
  static final byte QUEUED = 0;
  static final byte CLAIMED = 1;
  static final byte DONE = 2;
  private static final int STATE = 12;
  private static final int ANSWERED = 13;
  private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  final Path path;
  private final MappedByteBuffer map;
  /** The next free offset; appenders reserve under the journal's lock. */
  int position = HEADER;
  /**
   * Records not yet written or dropped, plus answer marks being stored; the file goes once it is
   * sealed and this is 0, which sets it to -1 (released, unmapped): nothing may touch the mapping
   * then, or the process crashes, so every access holds a count.
   */
  private final AtomicInteger pending = new AtomicInteger();
  private volatile boolean sealed;
  private final Consumer<JournalSegment> onRelease;

  private JournalSegment(Path path, MappedByteBuffer map, Consumer<JournalSegment> onRelease) {
    this.path = path;
    this.map = map;
    this.onRelease = onRelease;
  }

  /**
   * A new, empty file of {@code size} bytes, every page touched: the page faults (and the file
   * system's block allocation) happen here, on the journal's own thread, not in a redirect.
   */
  static JournalSegment create(Path path, int size, Consumer<JournalSegment> onRelease) throws IOException {
    JournalSegment segment = open(path, size, true, onRelease);
    for (int page = 0; page < size; page += 4096) {
      segment.map.put(page, (byte) 0);
    }
    segment.map.putLong(0, FILE_MAGIC);
    return segment;
  }

  /** A file left by an earlier process, for the replay. */
  static JournalSegment reopen(Path path, Consumer<JournalSegment> onRelease) throws IOException {
    JournalSegment segment = open(path, (int) Files.size(path), false, onRelease);
    return segment.map.capacity() >= HEADER && segment.map.getLong(0) == FILE_MAGIC ? segment : null;
  }

  private static JournalSegment open(Path path, int size, boolean create, Consumer<JournalSegment> onRelease)
      throws IOException {
    try (FileChannel channel = create
        ? FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
        : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
      map.order(ByteOrder.LITTLE_ENDIAN);
      return new JournalSegment(path, map, onRelease);
    }
  }

  /** Called under the journal's lock: room for {@code length} bytes at the returned offset, or -1. */
  int reserve(int length) {
    if (position + length > map.capacity()) {
      return -1;
    }
    int offset = position;
    position += length;
    pending.incrementAndGet();
    return offset;
  }

  static int recordLength(int payload) {
    return (RECORD_HEADER + payload + 7) & ~7;
  }

  /** Writes a reserved record; the magic last, so only a complete record is ever replayed. */
  void write(int offset, ByteBuffer payload) {
    int length = payload.remaining();
    map.put(offset + RECORD_HEADER, payload, payload.position(), length);
    map.putInt(offset + STATE, 0); // queued, not answered: stated, not assumed from the fresh file's zeros
    CRC32C crc = new CRC32C();
    crc.update(map.slice(offset + RECORD_HEADER, length));
    map.putInt(offset + 4, length);
    map.putInt(offset + 8, (int) crc.getValue());
    INT.setRelease(map, offset, MAGIC);
  }

  /** Marks a record as part of batch {@code id}, before the batch is sent. */
  void claim(int offset, UUID id) {
    map.putLong(offset + 16, id.getMostSignificantBits());
    map.putLong(offset + 24, id.getLeastSignificantBits());
    VarHandle.releaseFence(); // the id before the state, also in what a kill leaves in the page cache
    map.put(offset + STATE, CLAIMED);
  }

  /**
   * The redirect of this click is being written to its connection. It may come after the writer finished
   * the record (the batch committed first), even after the segment went: then there is nothing to mark.
   */
  void answered(int offset) {
    int count;
    do {
      count = pending.get();
      if (count < 0) {
        return; // released: the mapping is gone
      }
    } while (!pending.compareAndSet(count, count + 1));
    map.put(offset + ANSWERED, (byte) 1);
    unpin();
  }

  /** The record is written (or counted as dropped): never replayed. The last access to it. */
  void finish(int offset) {
    map.put(offset + STATE, DONE);
    unpin();
  }

  private void unpin() {
    if (pending.decrementAndGet() == 0 && sealed) {
      release();
    }
  }

  /** No more appends: the file goes as soon as its last record is finished. */
  void seal() {
    sealed = true;
    release();
  }

  /** Hands the file to {@code onRelease} (which {@link #delete}s it) if it is sealed and nothing holds it, once. */
  private void release() {
    if (pending.compareAndSet(0, -1)) {
      onRelease.accept(this);
    }
  }

  /** Deletes and unmaps the file; only after it was released. */
  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // the next start finds it with every record done and deletes it then
    }
    Unmapper.unmap(map);
  }

  /**
   * Calls {@code found} with every complete record that is answered and not done (offset, state,
   * batch id if claimed), counting them as pending; used once by the replay before anything else
   * touches the segment.
   */
  void scan(RecordVisitor found) {
    int limit = map.capacity() - RECORD_HEADER;
    int offset = HEADER;
    int last = HEADER;
    while (offset <= limit) {
      if (map.getInt(offset) != MAGIC) {
        offset += 8;
        continue;
      }
      int length = map.getInt(offset + 4);
      int total = recordLength(Math.max(length, 0));
      if (length <= 0 || offset + total > map.capacity() || !crcMatches(offset, length)) {
        offset += 8;
        continue;
      }
      byte state = map.get(offset + STATE);
      if (state != DONE && map.get(offset + ANSWERED) != 0) {
        pending.incrementAndGet();
        found.record(offset, state, state == CLAIMED ? new UUID(map.getLong(offset + 16), map.getLong(offset + 24)) : null);
      }
      offset += total;
      last = offset;
    }
    position = last;
  }

  private boolean crcMatches(int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(map.slice(offset + RECORD_HEADER, length));
    return (int) crc.getValue() == map.getInt(offset + 8);
  }

  interface RecordVisitor {
    void record(int offset, int state, UUID batch);
  }

  // ---- the payload: what the writer needs of a click ----

  static ByteBuffer encode(Click click) {
    byte[] code = bytes(click.shortCode());
    byte[] referrer = bytes(click.referrer());
    byte[] agent = bytes(click.userAgent());
    byte[] address = bytes(click.clientAddress());
    int size = 8 + 8 + 8 + 4 + 16 + len(code) + len(referrer) + len(agent) + len(address);
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(click.urlId()).putLong(click.userId())
        .putLong(click.at().toEpochSecond(ZoneOffset.UTC)).putInt(click.at().getNano());
    put(out, code);
    put(out, referrer);
    put(out, agent);
    put(out, address);
    return out.flip();
  }

  Click decode(int offset) {
    ByteBuffer in = map.slice(offset + RECORD_HEADER, map.getInt(offset + 4)).order(ByteOrder.LITTLE_ENDIAN);
    long urlId = in.getLong();
    long userId = in.getLong();
    LocalDateTime at = LocalDateTime.ofEpochSecond(in.getLong(), in.getInt(), ZoneOffset.UTC);
    return new Click(urlId, userId, string(in), string(in), string(in), at, string(in));
  }

  private static byte[] bytes(String value) {
    return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
  }

  private static int len(byte[] value) {
    return value == null ? 0 : value.length;
  }

  private static void put(ByteBuffer out, byte[] value) {
    out.putInt(value == null ? -1 : value.length);
    if (value != null) {
      out.put(value);
    }
  }

  private static String string(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Unmaps at once, so a finished segment's pages leave the resident set without waiting for a GC. */
  private static final class Unmapper {
    private static final Consumer<ByteBuffer> UNMAP = find();

    static void unmap(ByteBuffer buffer) {
      UNMAP.accept(buffer);
    }

    private static Consumer<ByteBuffer> find() {
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        Object unsafe = field.get(null);
        var invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
        return buffer -> {
          try {
            invokeCleaner.invoke(unsafe, buffer);
          } catch (ReflectiveOperationException e) {
            // left to the garbage collector
          }
        };
      } catch (ReflectiveOperationException | RuntimeException e) {
        return buffer -> {}; // left to the garbage collector
      }
    }
  }
}
