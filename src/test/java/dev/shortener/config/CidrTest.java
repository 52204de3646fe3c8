package dev.shortener.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @Test
  void matchesAddressesInsideTheBlockOnly() {
    Cidr block = Cidr.parse("10.1.0.0/16");
    assertTrue(block.contains("10.1.255.3"));
    assertFalse(block.contains("10.2.0.1"));
    assertTrue(block.contains("::ffff:10.1.0.9")); // IPv4-mapped IPv6, as a dual-stack socket reports it
    assertFalse(block.contains("not-an-ip"));
    assertFalse(block.contains(null));
    assertTrue(Cidr.parse("172.18.0.2").contains("172.18.0.2"));
    assertFalse(Cidr.parse("172.18.0.2").contains("172.18.0.3"));
    assertTrue(Cidr.parse("fd00::/8").contains("fd12:3456::1"));
    assertFalse(Cidr.parse("fd00::/8").contains("10.0.0.1"));
    assertTrue(Cidr.parse("0.0.0.0/0").contains("203.0.113.5"));
    assertEquals(Cidr.parse("10.1.2.3/16"), Cidr.parse("10.1.0.0/16"));
    assertEquals("10.1.0.0/16", Cidr.parse("10.1.9.9/16").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "300.1.1.1", ""})
  void refusesWhatIsNotAnAddressBlockWithOneLine(String text) {
    ConfigException e = assertThrows(ConfigException.class, () -> Cidr.parse(text));
    assertTrue(e.getMessage().startsWith("TRUSTED_PROXIES"), e.getMessage());
  }
}
