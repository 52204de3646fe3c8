package dev.shortener.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferrersTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      https://news.ycombinator.com/item?id=1       | news.ycombinator.com
      https://www.Example.COM:8443/a/b?c=d#e      | www.example.com
      http://user:pw@host.example/path            | host.example
      https://t.co                                | t.co
      https://example.org./x                      | example.org
      http://[2001:db8::1]:8080/                  | [2001:db8::1]
      android-app://com.slack/                    | com.slack
      https://bücher.de/a b c                     | bücher.de
      NULL                                        | NULL
      ''                                          | NULL
      not a url                                   | NULL
      /relative/path                              | NULL
      https:///nohost                             | NULL
      1http://bad.scheme                          | NULL
      """)
  void host(String referrer, String host) {
    assertEquals(host, Referrers.referrerHost(referrer));
  }
}
