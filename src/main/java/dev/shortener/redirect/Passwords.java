package dev.shortener.redirect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Link passwords: Argon2id (OWASP's first choice: 19 MiB, 2 passes, 1 lane), salted, kept in the PHC
 * string form {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash} so the parameters can be raised later
 * without breaking stored hashes. Deliberately slow and memory-hungry: call it on a worker thread
 * with bounded concurrency, never on an event loop.
 */
public final class Passwords {
  public static final int MAX_LENGTH = 128;
  private static final int MEMORY_KIB = 19_456;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC = Pattern.compile(
      "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

  private Passwords() {}

  public static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$" + B64.encodeToString(salt)
        + "$" + B64.encodeToString(hash);
  }

  /** Whether {@code password} matches a stored hash; compared in constant time. False for a malformed hash. */
  public static boolean matches(String password, String stored) {
    Matcher phc = stored == null ? null : PHC.matcher(stored);
    if (phc == null || !phc.matches()) {
      return false;
    }
    byte[] salt = Base64.getDecoder().decode(phc.group(4));
    byte[] expected = Base64.getDecoder().decode(phc.group(5));
    byte[] actual = argon2(password, salt, Integer.parseInt(phc.group(1)), Integer.parseInt(phc.group(2)),
        Integer.parseInt(phc.group(3)), expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism,
      int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withSalt(salt)
        .withMemoryAsKB(memoryKib)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
