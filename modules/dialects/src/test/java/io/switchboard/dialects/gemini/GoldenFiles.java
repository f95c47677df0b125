package io.switchboard.dialects.gemini;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the golden files under {@code src/test/resources/gemini}. */
final class GoldenFiles {
  private GoldenFiles() {
  }

  static byte[] bytes(String name) {
    try (InputStream in = GoldenFiles.class.getResourceAsStream("/gemini/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file gemini/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static JsonObject json(String name) {
    return new JsonObject(Buffer.buffer(bytes(name)));
  }
}
