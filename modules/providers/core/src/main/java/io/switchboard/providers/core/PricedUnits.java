package io.switchboard.providers.core;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The units other than tokens a pass-through request is priced by ({@code model_prices.unit_micros} each), by the
 * OpenAI endpoint it calls: an image for {@code /images/*} (as many as the answer's {@code data} holds, else as the
 * request's {@code n} asked, 1 by default), a character of {@code input} for {@code /audio/speech}, a second of audio
 * for {@code /audio/transcriptions} and {@code /audio/translations} (the answer's {@code usage.seconds} or
 * {@code duration}, rounded up). Other endpoints use none.
 */
final class PricedUnits {
  private enum Unit { NONE, IMAGE, CHARACTER, SECOND }

  private final Unit unit;
  private long count;

  private PricedUnits(Unit unit, long count) {
    this.unit = unit;
    this.count = count;
  }

  /** The units of a request to {@code path} with this body (null or partial when it streamed). */
  static PricedUnits of(String path, Buffer body, boolean wholeBody) {
    JsonObject request = wholeBody ? jsonOrNull(body) : null;
    if (path.contains("/images/")) {
      long asked = request != null && request.getValue("n") instanceof Number n ? n.longValue() : 1;
      return new PricedUnits(Unit.IMAGE, Math.max(1, asked));
    }
    if (path.endsWith("/audio/speech")) {
      String input = request != null && request.getValue("input") instanceof String text ? text : "";
      return new PricedUnits(Unit.CHARACTER, input.codePointCount(0, input.length()));
    }
    if (path.endsWith("/audio/transcriptions") || path.endsWith("/audio/translations")) {
      return new PricedUnits(Unit.SECOND, 0);
    }
    return new PricedUnits(Unit.NONE, 0);
  }

  /** What a JSON answer says of its units, when it says anything. */
  void answered(JsonObject answer) {
    if (unit == Unit.IMAGE && answer.getValue("data") instanceof JsonArray images) {
      count = images.size();
    } else if (unit == Unit.SECOND) {
      Object seconds = answer.getValue("usage") instanceof JsonObject usage ? usage.getValue("seconds") : null;
      if (seconds == null) {
        seconds = answer.getValue("duration");
      }
      if (seconds instanceof Number n) {
        count = (long) Math.ceil(n.doubleValue());
      }
    }
  }

  long count() {
    return count;
  }

  private static JsonObject jsonOrNull(Buffer body) {
    try {
      return body == null || body.length() == 0 ? null : body.toJsonObject();
    } catch (RuntimeException notJson) {
      return null;
    }
  }
}
