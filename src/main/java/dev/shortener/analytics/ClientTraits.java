package dev.shortener.analytics;

/**
 * What a user agent says about the client: browser and OS family names as ua-parser spells them
 * (null when unknown), a device class ({@code desktop|mobile|tablet|bot|other}) and whether it is a
 * bot (crawler, link-preview fetcher, monitor or HTTP library).
 */
public record ClientTraits(String browser, String os, String device, boolean bot) {
  public static final String DESKTOP = "desktop";
  public static final String MOBILE = "mobile";
  public static final String TABLET = "tablet";
  public static final String BOT = "bot";
  public static final String OTHER = "other";
}
