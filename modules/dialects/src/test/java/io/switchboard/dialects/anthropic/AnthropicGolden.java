package io.switchboard.dialects.anthropic;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the golden files under src/test/resources/anthropic. */
final class AnthropicGolden {
  private AnthropicGolden() {
  }

  static Buffer bytes(String name) {
    try (InputStream in = AnthropicGolden.class.getResourceAsStream("/anthropic/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject json(String name) {
    return bytes(name).toJsonObject();
  }
}
