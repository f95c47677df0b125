package io.switchboard.dialects.openai;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the golden files under {@code src/test/resources/openai}. */
final class OpenAiGoldenFiles {
  private OpenAiGoldenFiles() {
  }

  static byte[] bytes(String name) {
    try (InputStream in = OpenAiGoldenFiles.class.getResourceAsStream("/openai/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no golden file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonObject json(String name) {
    return new JsonObject(Buffer.buffer(bytes(name)));
  }
}
