package dev.shortener.clicks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a writer writes in one transaction: its clicks under one id, kept across retries (a retry of a
 * batch that did commit writes nothing), and their journal records (none when the journal is off).
 */
final class ClickBatch {
  static final ClickBatch EMPTY = new ClickBatch(null, List.of(), List.of());

  private final UUID id;
  private final List<Click> clicks;
  private final List<ClickJournal.Entry> entries;

  private ClickBatch(UUID id, List<Click> clicks, List<ClickJournal.Entry> entries) {
    this.id = id;
    this.clicks = clicks;
    this.entries = entries;
  }

  /** Clicks taken from the queue (entries: their records, or empty without a journal). */
  static ClickBatch fresh(List<Click> clicks, List<ClickJournal.Entry> entries) {
    return clicks.isEmpty() ? EMPTY : new ClickBatch(UUID.randomUUID(), clicks, entries);
  }

  /** A replayed batch: its clicks read back from their records. */
  static ClickBatch of(UUID id, List<ClickJournal.Entry> entries) {
    List<Click> clicks = new ArrayList<>(entries.size());
    for (ClickJournal.Entry entry : entries) {
      clicks.add(entry.click());
    }
    return new ClickBatch(id, clicks, List.copyOf(entries));
  }

  UUID id() {
    return id;
  }

  List<Click> clicks() {
    return clicks;
  }

  boolean isEmpty() {
    return clicks.isEmpty();
  }

  int size() {
    return clicks.size();
  }

  /** Before the batch is sent: a replay after a kill re-sends exactly these records under this id. */
  void claim() {
    for (ClickJournal.Entry entry : entries) {
      entry.claim(id);
    }
  }

  /** After the batch committed, or once it is counted as dropped: its records are never replayed. */
  void finish() {
    for (ClickJournal.Entry entry : entries) {
      entry.finish();
    }
  }
}
