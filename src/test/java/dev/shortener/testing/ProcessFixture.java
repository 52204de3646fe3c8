package dev.shortener.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Server processes a fixture starts in a temporary directory of its own: on close, or at JVM exit if
 * a test never got there, they are stopped and the directory removed.
 */
abstract class ProcessFixture implements AutoCloseable {
  protected final Path dir;
  private final Thread cleanup = new Thread(this::destroy, "fixture-cleanup");

  protected ProcessFixture(String prefix) throws IOException {
    dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(cleanup);
  }

  /** Stops every process the fixture started (best effort: some may be gone already). */
  protected abstract void stopAll();

  @Override
  public final void close() {
    destroy();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs destroy() anyway
    }
  }

  private void destroy() {
    stopAll();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
