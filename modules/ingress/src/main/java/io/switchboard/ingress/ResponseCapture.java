package io.switchboard.ingress;

import io.switchboard.dialects.SseParser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Finds the finished response object in a Responses API stream as it is written to the client: the
 * {@code response.completed} (or {@code .incomplete}) event carries the whole answer. Other events are not parsed.
 */
final class ResponseCapture {
  private final SseParser parser = new SseParser();
  private JsonObject response;

  void accept(Buffer frame) {
    for (SseParser.Event event : parser.feed(frame)) {
      String data = event.data();
      if (data.contains("\"response.completed\"") || data.contains("\"response.incomplete\"")) {
        try {
          JsonObject parsed = new JsonObject(data);
          String type = parsed.getString("type", "");
          if ((type.equals("response.completed") || type.equals("response.incomplete"))
            && parsed.getValue("response") instanceof JsonObject finished) {
            response = finished;
          }
        } catch (RuntimeException notJson) {
          // not an event this capture reads
        }
      }
    }
  }

  /** The finished response, or null when the stream ended without one. */
  JsonObject response() {
    return response;
  }
}
