package dev.shortener.webhooks;

import io.vertx.core.json.JsonObject;

/**
 * Turns a stored link row ({@link WebhookOutbox#linkData}) into the {@code data} of a link event: the
 * link as the API's link JSON shows it. Given by the boot layer (the URL feature owns the link's
 * shape, and depends on this package for the outbox, so this package cannot name it).
 */
@FunctionalInterface
public interface LinkPayload {
  Object data(JsonObject storedRow);
}
