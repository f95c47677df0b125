package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.switchboard.providers.core.AdapterApi;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jars {@link AdapterJar#open} refuses, each with the reason an operator reads. */
class AdapterJarTest {
  @TempDir
  Path dir;

  @Test
  void aMissingFileOrOneThatIsNoJarIsRefused() throws IOException {
    assertRefused(dir.resolve("absent.jar"), "adapter jar absent.jar: no such file");
    Path text = Files.writeString(dir.resolve("text.jar"), "not a zip");
    assertRefused(text, "adapter jar text.jar: not a jar (");
  }

  @Test
  void aJarWithoutDescriptorIsRefused() throws IOException {
    Path jar = jar("plain.jar", "README", "no descriptor here");
    assertRefused(jar, "adapter jar plain.jar: no descriptor META-INF/switchboard-adapter.properties");
  }

  @Test
  void aDescriptorForAnotherAdapterApiIsRefused() throws IOException {
    Path jar = jar("old.jar", AdapterApi.DESCRIPTOR, descriptor("ollama", AdapterApi.VERSION + 1));
    assertRefused(jar, "adapter jar old.jar: built against adapter API " + (AdapterApi.VERSION + 1)
      + ", this gateway offers adapter API " + AdapterApi.VERSION);
  }

  @Test
  void aBuiltInOrMalformedKindIsRefused() throws IOException {
    assertRefused(jar("openai.jar", AdapterApi.DESCRIPTOR, descriptor("openai", AdapterApi.VERSION)),
      "adapter jar openai.jar: kind 'openai' is built in");
    assertRefused(jar("upper.jar", AdapterApi.DESCRIPTOR, descriptor("Ollama", AdapterApi.VERSION)),
      "adapter jar upper.jar: kind 'Ollama' is not a valid provider name");
    assertRefused(jar("blank.jar", AdapterApi.DESCRIPTOR, "version=1\n"),
      "adapter jar blank.jar: META-INF/switchboard-adapter.properties names no kind");
  }

  @Test
  void aMissingOrWrongVerticleClassIsRefused() throws IOException {
    String missing = descriptor("ollama", AdapterApi.VERSION).replace("example.Missing", "example.Absent");
    assertRefused(jar("missing.jar", AdapterApi.DESCRIPTOR, missing),
      "adapter jar missing.jar: verticle class example.Absent not found in the jar");
    String notVerticle = descriptor("ollama", AdapterApi.VERSION).replace("example.Missing", "java.lang.String");
    assertRefused(jar("string.jar", AdapterApi.DESCRIPTOR, notVerticle),
      "adapter jar string.jar: java.lang.String is not a concrete io.switchboard.providers.core.ProviderVerticle");
  }

  private static String descriptor(String kind, int api) {
    return "kind=" + kind + "\nversion=1.0.0\nadapterApi=" + api + "\nverticle=example.Missing\n";
  }

  private Path jar(String name, String entry, String content) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
      zip.putNextEntry(new JarEntry(entry));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }

  private static void assertRefused(Path jar, String reasonStart) {
    AdapterJarRefused refused = assertThrows(AdapterJarRefused.class, () -> AdapterJar.open(jar));
    String message = refused.getMessage();
    assertEquals(reasonStart, message.substring(0, Math.min(reasonStart.length(), message.length())), message);
  }
}
