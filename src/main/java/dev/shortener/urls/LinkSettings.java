package dev.shortener.urls;

import dev.shortener.config.AppConfig;
import dev.shortener.validation.Fields;
import io.vertx.core.json.JsonObject;

/**
 * The link options of a create or an update body (API.md part 2 "Link options"), validated. On an
 * update an absent option leaves the stored one alone; on a create it is unset.
 */
record LinkSettings(Setting<Integer> redirectStatus) {
  static final LinkSettings NONE = new LinkSettings(Setting.absent());

  /** Nothing set: a create of a plain link (eligible for the batched insert), or an update of none. */
  boolean none() {
    return !redirectStatus.present();
  }

  static LinkSettings read(Fields fields) {
    return new LinkSettings(redirectStatus(fields));
  }

  /** What the {@code updated} event records of these settings. */
  void describe(JsonObject submitted) {
    if (redirectStatus.present()) {
      submitted.put("redirect_status", redirectStatus.value());
    }
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
