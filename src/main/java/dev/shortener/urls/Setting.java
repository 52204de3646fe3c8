package dev.shortener.urls;

/** A field of a partial update: absent (leave the stored value), or set to a value (null clears it). */
record Setting<T>(boolean present, T value) {
  private static final Setting<?> ABSENT = new Setting<>(false, null);

  @SuppressWarnings("unchecked")
  static <T> Setting<T> absent() {
    return (Setting<T>) ABSENT;
  }

  static <T> Setting<T> of(T value) {
    return new Setting<>(true, value);
  }

  /** The value, or null when absent (what a create stores). */
  T orNull() {
    return present ? value : null;
  }
}
