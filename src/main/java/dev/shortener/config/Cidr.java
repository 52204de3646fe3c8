package dev.shortener.config;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * An address block such as {@code 10.0.0.0/8}, {@code 172.18.0.2} (one host) or {@code fd00::/8}.
 * Parsed without DNS: only IP literals are accepted, here and in {@link #contains}.
 */
public record Cidr(byte[] network, int prefixLength) {

  public static Cidr parse(String text) {
    String[] parts = text.trim().split("/", 2);
    byte[] address = NetUtil.createByteArrayFromIpAddressString(parts[0]);
    if (address == null) {
      throw new ConfigException("TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR block");
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (parts.length == 2) {
      try {
        prefix = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new ConfigException("TRUSTED_PROXIES: '" + text + "' has a prefix length outside 0.." + bits);
      }
    }
    return new Cidr(mask(address, prefix), prefix);
  }

  /** Whether the IP literal {@code address} (IPv4, IPv6 or IPv4-mapped IPv6) lies in this block. */
  public boolean contains(String address) {
    byte[] bytes = address == null ? null : NetUtil.createByteArrayFromIpAddressString(address);
    if (bytes == null) {
      return false;
    }
    if (bytes.length == 16 && network.length == 4 && isIpv4Mapped(bytes)) {
      bytes = Arrays.copyOfRange(bytes, 12, 16);
    }
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
  }

  private static boolean isIpv4Mapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }

  private static byte[] mask(byte[] address, int prefix) {
    byte[] masked = address.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      masked[i] &= (byte) (0xff << (8 - keep));
    }
    return masked;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(network) * 31 + prefixLength;
  }

  @Override
  public String toString() {
    return NetUtil.bytesToIpAddress(network) + "/" + prefixLength;
  }
}
