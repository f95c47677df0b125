package io.switchboard.dialects;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads golden files under {@code src/test/resources} by path, e.g. {@code responses/request-codex.json}. */
public final class GoldenFiles {
  private GoldenFiles() {
  }

  public static byte[] bytes(String path) {
    try (InputStream in = GoldenFiles.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  public static JsonObject json(String path) {
    return new JsonObject(Buffer.buffer(bytes(path)));
  }
}
