package io.switchboard.ingress;

import io.switchboard.api.ChatRequest;
import io.switchboard.api.ErrorKind;
import io.switchboard.api.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The names a client chooses that reach storage, logs or Redis: the model, its end-user ids ({@code user},
 * {@code safety_identifier}, Anthropic's {@code metadata.user_id}), OpenAI's {@code metadata} pairs and the session
 * id headers. Each is checked where it enters, in every dialect: a bounded length and no control characters. A bad
 * one is a 400 before admission: it never counts against a limit, and never reaches a usage row (one NUL in a model
 * name once made PostgreSQL refuse every row of its batch) or a log line.
 */
final class ClientNames {
  static final int MAX_MODEL = 256;
  static final int MAX_ID = 256;
  /** OpenAI's own bounds on metadata. */
  static final int MAX_METADATA_KEY = 64;
  static final int MAX_METADATA_VALUE = 512;

  private ClientNames() {
  }

  /** Throws GatewayException(BAD_REQUEST) naming the first bad field; the value itself is never repeated. */
  static void check(ChatRequest request, MultiMap headers) {
    name("model", request.model(), MAX_MODEL);
    JsonObject body = request.body();
    if (body != null) {
      optional(body, "user");
      optional(body, "safety_identifier");
      if (body.getValue("metadata") instanceof JsonObject metadata) {
        for (Map.Entry<String, Object> pair : metadata) {
          name("metadata key", pair.getKey(), MAX_METADATA_KEY);
          if (pair.getValue() instanceof String value) {
            name("metadata." + pair.getKey(), value, pair.getKey().equals("user_id") ? MAX_ID : MAX_METADATA_VALUE);
          }
        }
      }
    }
    sessionHeaders(headers);
  }

  /** A pass-through request's names: the model it names, if any, and the session id headers. */
  static void check(String model, MultiMap headers) {
    name("model", model, MAX_MODEL);
    sessionHeaders(headers);
  }

  private static void sessionHeaders(MultiMap headers) {
    for (String header : SessionKeys.HEADERS) {
      String id = headers.get(header);
      if (id != null) {
        name(header + " header", id, MAX_ID);
      }
    }
  }

  private static void optional(JsonObject body, String field) {
    if (body.getValue(field) instanceof String value) {
      name(field, value, MAX_ID);
    }
  }

  private static void name(String field, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid '" + field + "': string too long. Expected a string "
        + "with maximum length " + max + ", but got a string with length " + value.length() + " instead.");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new GatewayException(ErrorKind.BAD_REQUEST, "Invalid '" + field + "': control characters are not "
          + "allowed.");
      }
    }
  }
}
