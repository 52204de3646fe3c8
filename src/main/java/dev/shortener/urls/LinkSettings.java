package dev.shortener.urls;

import dev.shortener.config.AppConfig;
import dev.shortener.redirect.Rules;
import dev.shortener.validation.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The link options of a create or an update body (API.md part 2 "Link options"), validated. On an
 * update an absent option leaves the stored one alone; on a create it is unset. {@code password}
 * holds the plain text as read, and its Argon2id hash once {@link #withPasswordHash} replaced it
 * (what the store writes).
 */
record LinkSettings(Setting<Integer> redirectStatus, Setting<List<String>> tags, Setting<String> password,
    Setting<Integer> maxVisits, Setting<JsonArray> rules) {
  static final LinkSettings NONE = new LinkSettings(Setting.absent(), Setting.absent(), Setting.absent(),
      Setting.absent(), Setting.absent());
  static final int MAX_TAGS = 10;
  private static final Pattern TAG = Pattern.compile("[a-z0-9_-]{1,50}");

  /** Nothing set: a create of a plain link (eligible for the batched insert), or an update of none. */
  boolean none() {
    return !redirectStatus.present() && !tags.present() && !password.present() && !maxVisits.present()
        && !rules.present();
  }

  static LinkSettings read(Fields fields, String ownHost) {
    Setting<String> password = fields.has("password")
        ? Setting.of(fields.nullableSecret("password", dev.shortener.redirect.Passwords.MAX_LENGTH)) : Setting.absent();
    Setting<Integer> maxVisits = Setting.absent();
    if (fields.has("max_visits")) {
      Long visits = fields.nullableInteger("max_visits");
      if (visits != null && (visits < 1 || visits > Integer.MAX_VALUE)) {
        fields.reject("max_visits", "must be an integer between 1 and " + Integer.MAX_VALUE);
      }
      maxVisits = Setting.of(visits == null || visits < 1 || visits > Integer.MAX_VALUE ? null : visits.intValue());
    }
    Setting<JsonArray> rules = Setting.absent();
    if (fields.has("rules")) {
      JsonArray raw = fields.nullableArray("rules");
      rules = Setting.of(raw == null ? null : Rules.normalize(raw, ownHost, fields::reject));
    }
    return new LinkSettings(redirectStatus(fields), tags(fields), password, maxVisits, rules);
  }

  /** A password to hash before it is stored, or null. */
  String newPassword() {
    return password.orNull();
  }

  LinkSettings withPasswordHash(String hash) {
    return new LinkSettings(redirectStatus, tags, Setting.of(hash), maxVisits, rules);
  }

  /** A tag as stored and compared: lower case; null when it is not a tag at all. */
  static String tag(String raw) {
    String tag = raw.strip().toLowerCase(Locale.ROOT);
    return TAG.matcher(tag).matches() ? tag : null;
  }

  /** What the {@code updated} event records of these settings. */
  void describe(JsonObject submitted) {
    if (redirectStatus.present()) {
      submitted.put("redirect_status", redirectStatus.value());
    }
    if (tags.present()) {
      submitted.put("tags", new JsonArray(tags.value()));
    }
    if (password.present()) {
      submitted.put("password_protected", password.value() != null); // never the password itself
    }
    if (maxVisits.present()) {
      submitted.put("max_visits", maxVisits.value());
    }
    if (rules.present()) {
      submitted.put("rules", rules.value() == null ? new JsonArray() : rules.value());
    }
  }

  /** Up to 10 distinct tags, lower-cased, in the order given; null clears them. */
  private static Setting<List<String>> tags(Fields fields) {
    if (!fields.has("tags")) {
      return Setting.absent();
    }
    JsonArray raw = fields.nullableArray("tags");
    Set<String> tags = new LinkedHashSet<>();
    if (raw != null) {
      for (Object item : raw) {
        String tag = item instanceof String s ? tag(s) : null;
        if (tag == null) {
          fields.reject("tags", "must be strings of 1 to 50 characters of a-z, 0-9, '_' or '-'");
          return Setting.absent();
        }
        tags.add(tag);
      }
      if (tags.size() > MAX_TAGS) {
        fields.reject("tags", "must hold at most " + MAX_TAGS + " tags");
      }
    }
    return Setting.of(List.copyOf(tags));
  }

  private static Setting<Integer> redirectStatus(Fields fields) {
    if (!fields.has("redirect_status")) {
      return Setting.absent();
    }
    Long status = fields.nullableInteger("redirect_status");
    if (status != null && !AppConfig.Links.REDIRECT_STATUSES.contains(status.intValue())) {
      fields.reject("redirect_status", "must be 301, 302, 307 or 308");
    }
    return Setting.of(status == null ? null : status.intValue());
  }
}
