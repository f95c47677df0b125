package io.switchboard.adapters.ollama;

import io.switchboard.providers.core.AdapterApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * This adapter's version as its jar's descriptor gives it: the same classes are built into jars of different
 * versions, and each says which it is to the upstream ({@code User-Agent}).
 */
final class AdapterVersion {
  private AdapterVersion() {
  }

  /** The {@code version} of the descriptor next to {@code type} in its jar ("unknown" outside one). */
  static String of(Class<?> type) {
    try (InputStream in = type.getClassLoader().getResourceAsStream(AdapterApi.DESCRIPTOR)) {
      if (in == null) {
        return "unknown";
      }
      Properties descriptor = new Properties();
      descriptor.load(in);
      return descriptor.getProperty(AdapterApi.ADAPTER_VERSION, "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
