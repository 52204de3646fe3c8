package dev.shortener.analytics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a tiny IPv4 database in the MaxMind DB format (spec 2.0: binary search tree with 24-bit
 * records, a 16-byte separator, the data section, then the metadata after its marker), so tests read
 * a real file with MaxMind's reader without downloading one. Values may be String, Long (uint32),
 * BigInteger (uint64), Integer (uint16), Lists and nested Maps.
 */
public final class MmdbWriter {
  private record Network(byte[] address, int prefix, Map<String, Object> record) {}

  private final List<Network> networks = new ArrayList<>();
  private final String databaseType;

  public MmdbWriter(String databaseType) {
    this.databaseType = databaseType;
  }

  /** MaxMind's layout: {@code {"country":{"iso_code":code}}}. */
  public MmdbWriter maxmindCountry(String cidr, String code) {
    return add(cidr, Map.of("country", Map.of("iso_code", code, "names", Map.of("en", code))));
  }

  /** ip-location-db's flat layout: {@code {"country_code":code}}. */
  public MmdbWriter flatCountry(String cidr, String code) {
    return add(cidr, Map.of("country_code", code));
  }

  public MmdbWriter add(String cidr, Map<String, Object> record) {
    String[] parts = cidr.split("/");
    try {
      networks.add(new Network(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), record));
    } catch (IOException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    return this;
  }

  public Path write(Path file) throws IOException {
    // Binary trie over the 32 address bits; node 0 is the root.
    List<int[]> nodes = new ArrayList<>();
    nodes.add(new int[] {-1, -1});
    List<Object[]> leaves = new ArrayList<>(); // {node, side, network index}
    for (int n = 0; n < networks.size(); n++) {
      Network net = networks.get(n);
      int node = 0;
      for (int bit = 0; bit < net.prefix(); bit++) {
        int side = (net.address()[bit / 8] >> (7 - bit % 8)) & 1;
        if (bit == net.prefix() - 1) {
          leaves.add(new Object[] {node, side, n});
        } else {
          if (nodes.get(node)[side] < 0) {
            nodes.add(new int[] {-1, -1});
            nodes.get(node)[side] = nodes.size() - 1;
          }
          node = nodes.get(node)[side];
        }
      }
    }
    int nodeCount = nodes.size();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Integer, Integer> offsets = new LinkedHashMap<>();
    for (int n = 0; n < networks.size(); n++) {
      offsets.put(n, data.size());
      encode(data, networks.get(n).record());
    }
    int[][] records = new int[nodeCount][2];
    for (int i = 0; i < nodeCount; i++) {
      for (int side = 0; side < 2; side++) {
        int child = nodes.get(i)[side];
        records[i][side] = child < 0 ? nodeCount : child; // nodeCount means "no data"
      }
    }
    for (Object[] leaf : leaves) {
      records[(int) leaf[0]][(int) leaf[1]] = nodeCount + 16 + offsets.get((int) leaf[2]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int[] node : records) {
      for (int record : node) {
        out.write(record >>> 16);
        out.write(record >>> 8);
        out.write(record);
      }
    }
    out.write(new byte[16]);
    data.writeTo(out);
    out.write(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    out.write("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", (long) nodeCount);
    metadata.put("record_size", 24);
    metadata.put("ip_version", 4);
    metadata.put("database_type", databaseType);
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", 2);
    metadata.put("binary_format_minor_version", 0);
    metadata.put("build_epoch", java.math.BigInteger.valueOf(1_700_000_000L));
    metadata.put("description", Map.of("en", "test fixture"));
    encode(out, metadata);
    return Files.write(file, out.toByteArray());
  }

  private static void encode(ByteArrayOutputStream out, Object value) {
    if (value instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      control(out, 2, bytes.length);
      out.writeBytes(bytes);
    } else if (value instanceof Integer i) {
      unsigned(out, 5, i);
    } else if (value instanceof Long l) {
      unsigned(out, 6, l);
    } else if (value instanceof java.math.BigInteger big) {
      unsigned(out, 9, big.longValueExact());
    } else if (value instanceof Map<?, ?> map) {
      control(out, 7, map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        encode(out, e.getKey());
        encode(out, e.getValue());
      }
    } else if (value instanceof List<?> list) {
      control(out, 11, list.size());
      for (Object item : list) {
        encode(out, item);
      }
    } else {
      throw new IllegalArgumentException("unsupported " + value);
    }
  }

  private static void unsigned(ByteArrayOutputStream out, int type, long value) {
    int size = 0;
    for (long v = value; v != 0; v >>>= 8) {
      size++;
    }
    control(out, type, size);
    for (int i = size - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  /** Control byte(s): type in the top 3 bits (0 plus an extra byte for types above 7), size below. */
  private static void control(ByteArrayOutputStream out, int type, int size) {
    int sizeBits = size < 29 ? size : size < 285 ? 29 : 30;
    out.write((type <= 7 ? type << 5 : 0) | sizeBits);
    if (type > 7) {
      out.write(type - 7);
    }
    if (sizeBits == 29) {
      out.write(size - 29);
    } else if (sizeBits == 30) {
      out.write((size - 285) >>> 8);
      out.write(size - 285);
    }
  }
}
