package io.switchboard.api.chat;

import io.vertx.core.json.JsonObject;

/** A function the model may call; {@code parameters} is its JSON Schema as the client sent it. */
public record Tool(String name, String description, JsonObject parameters) {
}
