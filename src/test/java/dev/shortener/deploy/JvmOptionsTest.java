package dev.shortener.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One set of JVM flags, defined once in conf/jvm.options: the image, the chaos stack and the
 * benchmark (service and bare ceiling) all read that file, and nothing else picks a collector or a
 * heap, so what k6/bench.sh measures is what ships.
 */
class JvmOptionsTest {
  private static final Path OPTIONS = Path.of("conf/jvm.options");
  private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use\\w*GC\\b");
  private static final Pattern HEAP = Pattern.compile("-Xm[xs]\\d|MaxRAMPercentage|MaxHeapSize");
  /** Every place that starts the service (or the benchmark's ceiling) outside of tests. */
  private static final List<Path> LAUNCHERS = List.of(Path.of("compose/Dockerfile"), Path.of("compose/.env.example"),
      Path.of("compose/docker-compose.yml"), Path.of("chaos/stack.sh"), Path.of("chaos/lib/config.sh"),
      Path.of("k6/bench.sh"), Path.of("k8s/base/deployment.yaml"));

  @Test
  void theFileChoosesOneCollectorAndSizesTheHeapFromTheMemoryLimit() throws IOException {
    List<String> flags = flags(OPTIONS);
    assertEquals(1, flags.stream().filter(f -> COLLECTOR.matcher(f).find()).count(), flags.toString());
    assertTrue(flags.stream().anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage=")), flags.toString());
    assertTrue(flags.stream().noneMatch(f -> f.startsWith("-Xmx")), "the heap follows the memory limit, not a fixed -Xmx");
  }

  @Test
  void everyLauncherReadsTheFileAndSetsNoCollectorOrHeapOfItsOwn() throws IOException {
    for (Path launcher : LAUNCHERS) {
      String text = Files.readString(launcher, StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (line.strip().startsWith("#")) {
          continue;
        }
        assertTrue(!COLLECTOR.matcher(line).find() && !HEAP.matcher(line).find(), launcher + ": " + line);
      }
    }
    assertTrue(Files.readString(Path.of("compose/Dockerfile")).contains("exec java @/app/conf/jvm.options "));
    assertTrue(Files.readString(Path.of("chaos/stack.sh")).contains("@$S/app/conf/jvm.options"));
    String bench = Files.readString(Path.of("k6/bench.sh"));
    assertTrue(bench.contains("JVM_OPTIONS_FILE=$ROOT/conf/jvm.options"));
    // the service and the bare ceiling start with the same flags
    Matcher java = Pattern.compile("\\bjava (\\$\\w+) ").matcher(bench);
    List<String> starts = new ArrayList<>();
    while (java.find()) {
      starts.add(java.group(1));
    }
    assertEquals(List.of("$JAVA_FLAGS", "$JAVA_FLAGS"), starts);
  }

  /** The JVM accepts the file, and in the base Deployment's 512 MiB leaves room beside the heap. */
  @Test
  void theJvmAcceptsTheFlagsAndTheHeapLeavesRoomInThePod() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "@" + OPTIONS, "-XX:MaxRAM=512m",
        "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), out);
    Matcher heap = Pattern.compile("size_t MaxHeapSize\\s+= (\\d+)").matcher(out);
    assertTrue(heap.find(), out);
    long mib = Long.parseLong(heap.group(1)) / (1024 * 1024);
    assertTrue(mib >= 128 && mib <= 200, "heap " + mib + " MiB of a 512 MiB pod");
  }

  private static List<String> flags(Path file) throws IOException {
    return Files.readAllLines(file).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }
}
