package io.switchboard.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.ProviderKind;
import io.switchboard.dialects.WireFormat;
import io.switchboard.providers.core.AdapterApi;
import io.switchboard.providers.core.ProviderVerticle;
import io.switchboard.store.AccountStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The real adapter jars the build makes (modules/adapters/ollama, built before this module: see its pom), and bad
 * jars made from them for refusal tests.
 */
final class AdapterJars {
  static final Path OLLAMA_V1 = built("ollama-adapter.jar");
  static final Path OLLAMA_V2 = built("ollama-adapter-v2.jar");
  static final String OLLAMA_MODEL = "llama3.2";

  private AdapterJars() {
  }

  private static Path built(String name) {
    Path jar = Path.of("..", "adapters", "ollama", "target", name).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(jar), jar + " is missing: build from the root (mvn verify builds the adapter "
      + "module before the app's tests), or mvn -pl modules/app -am verify");
    return jar;
  }

  /** A copy of {@code source} whose descriptor is {@code descriptor} (null: none at all). */
  static Path withDescriptor(Path source, Path target, String descriptor) throws IOException {
    try (JarFile in = new JarFile(source.toFile()); OutputStream file = Files.newOutputStream(target);
         JarOutputStream out = new JarOutputStream(file)) {
      Enumeration<JarEntry> entries = in.entries();
      while (entries.hasMoreElements()) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().equals(AdapterApi.DESCRIPTOR) || entry.getName().equals("META-INF/MANIFEST.MF")) {
          continue;
        }
        out.putNextEntry(new JarEntry(entry.getName()));
        try (InputStream bytes = in.getInputStream(entry)) {
          bytes.transferTo(out);
        }
        out.closeEntry();
      }
      if (descriptor != null) {
        out.putNextEntry(new JarEntry(AdapterApi.DESCRIPTOR));
        out.write(descriptor.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return target;
  }

  static String descriptor(String kind, String version, int api, String verticle) {
    return "kind=" + kind + "\nversion=" + version + "\nadapterApi=" + api + "\nverticle=" + verticle + "\n";
  }

  /**
   * A jar whose verticle, a real ProviderVerticle compiled here against the gateway's classes, fails to start
   * (kind {@code broken}).
   */
  static Path failingToStart(Path dir) throws IOException {
    Path source = Files.createDirectories(dir.resolve("src/broken")).resolve("FailingProviderVerticle.java");
    Files.writeString(source, "package broken;\n"
      + "public class FailingProviderVerticle extends io.switchboard.providers.core.ProviderVerticle {\n"
      + "  public FailingProviderVerticle() { super(\"broken\", null); }\n"
      + "  @Override public io.vertx.core.Future<?> start() {\n"
      + "    return io.vertx.core.Future.failedFuture(\"its model store is unreachable\");\n  }\n}\n");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", compileClasspath(),
      source.toString());
    assertEquals(0, status, "the failing adapter compiles");
    Path jar = dir.resolve("broken.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("broken/FailingProviderVerticle.class"));
      out.write(Files.readAllBytes(classes.resolve("broken/FailingProviderVerticle.class")));
      out.closeEntry();
      out.putNextEntry(new JarEntry(AdapterApi.DESCRIPTOR));
      out.write(descriptor("broken", "0.1.0", AdapterApi.VERSION, "broken.FailingProviderVerticle")
        .getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  /** Where the classes a ProviderVerticle subclass compiles against live (surefire's class path is a manifest jar). */
  private static String compileClasspath() {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> type : List.of(ProviderVerticle.class, ProviderKind.class, WireFormat.class, AccountStore.class,
      Future.class, Pool.class, io.micrometer.core.instrument.Counter.class)) {
      try {
        entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(java.io.File.pathSeparator, new ArrayList<>(entries));
  }

  /**
   * Waits for the class loader behind {@code loader} to be collected, collecting garbage while waiting (40 full
   * collections at most); fails when something still holds it.
   */
  static void assertCollected(WeakReference<ClassLoader> loader, String what) throws InterruptedException {
    for (int i = 0; i < 40 && loader.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    assertNull(loader.get(), what + ": its class loader is still reachable");
  }
}
