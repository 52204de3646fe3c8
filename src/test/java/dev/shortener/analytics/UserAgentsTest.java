package dev.shortener.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentsTest {
  private static final UserAgents AGENTS = UserAgents.create(100);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      chrome windows   | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome | Windows | desktop | false
      firefox linux    | Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0 | Firefox | Linux | desktop | false
      safari mac       | Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15 | Safari | Mac OS X | desktop | false
      edge windows     | Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0 | Edge | Windows | desktop | false
      iphone safari    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | mobile | false
      iphone chrome    | Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1 | Chrome Mobile iOS | iOS | mobile | false
      android phone    | Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36 | Chrome Mobile | Android | mobile | false
      samsung phone    | Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36 | Samsung Internet | Android | mobile | false
      ipad             | Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 | Mobile Safari | iOS | tablet | false
      galaxy tab       | Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 | Chrome | Android | tablet | false
      kindle fire      | Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/131.3.1 like Chrome/131.0.6778.81 Safari/537.36 | Amazon Silk | Android | tablet | false
      googlebot        | Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | Googlebot | | bot | true
      googlebot mobile | Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) | Googlebot | Android | bot | true
      bingbot          | Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) | bingbot | | bot | true
      slackbot         | Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots) | Slackbot-LinkExpanding | | bot | true
      twitterbot       | Twitterbot/1.0 | Twitterbot | | bot | true
      facebook         | facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php) | FacebookBot | | bot | true
      discord          | Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com) | Discordbot | | bot | true
      whatsapp         | WhatsApp/2.23.20.0 A | WhatsApp | | bot | true
      curl             | curl/8.5.0 | curl | | bot | true
      wget             | Wget/1.21.4 | Wget | | bot | true
      python requests  | python-requests/2.32.3 | Python Requests | | bot | true
      go http          | Go-http-client/1.1 | Go-http-client | | bot | true
      okhttp           | okhttp/4.12.0 | okhttp | | bot | true
      headless chrome  | Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36 | HeadlessChrome | Linux | bot | true
      uptime robot     | Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/) | | | bot | true
      cubot phone      | Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 | Chrome Mobile | Android | mobile | false
      unknown thing    | SomethingNew/1.0 | | | other | false
      """)
  void parses(String name, String agent, String browser, String os, String device, boolean bot) {
    ClientTraits traits = AGENTS.parse(agent);
    assertEquals(device, traits.device(), name);
    assertEquals(bot, traits.bot(), name);
    if (browser != null) {
      assertEquals(browser, traits.browser(), name);
    }
    assertEquals(os, traits.os(), name);
  }

  @Test
  void missingAgentIsABot() {
    assertEquals(new ClientTraits(null, null, "bot", true), AGENTS.parse(null));
    assertEquals(new ClientTraits(null, null, "bot", true), AGENTS.parse("  "));
  }

  @Test
  void cachedAnswerIsTheSame() {
    String agent = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    assertSame(AGENTS.parse(agent), AGENTS.parse(agent));
  }

  @Test
  void workWithoutCache() {
    UserAgents uncached = UserAgents.create(0);
    assertEquals("bot", uncached.parse("curl/8.5.0").device());
  }
}
