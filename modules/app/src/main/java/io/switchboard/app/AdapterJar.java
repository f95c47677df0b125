package io.switchboard.app;

import io.switchboard.api.ProviderKind;
import io.switchboard.providers.core.AdapterApi;
import io.switchboard.providers.core.ProviderVerticle;
import io.vertx.core.Deployable;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * A provider adapter packaged in a jar, loaded in a class loader of its own ({@link AdapterClassLoader}): what its
 * descriptor ({@link AdapterApi#DESCRIPTOR}) says, and new instances of its verticle. Once every deployment made
 * from it is undeployed, {@link #close()} lets its classes be unloaded.
 */
final class AdapterJar implements AutoCloseable {
  private final Path path;
  private final String kind;
  private final String version;
  private final AdapterClassLoader loader;
  private final Constructor<? extends ProviderVerticle> constructor;

  private AdapterJar(Path path, String kind, String version, AdapterClassLoader loader,
                     Constructor<? extends ProviderVerticle> constructor) {
    this.path = path;
    this.kind = kind;
    this.version = version;
    this.loader = loader;
    this.constructor = constructor;
  }

  /**
   * The jar at {@code jar}, its descriptor checked and its verticle class loaded; refused ({@link AdapterJarRefused})
   * when the file is missing or no jar, has no descriptor, names an invalid kind or another adapter API version, or
   * its verticle class is missing, no public {@link ProviderVerticle} with a public no-argument constructor, or
   * fails to construct. A refused jar leaves no class loader open.
   */
  static AdapterJar open(Path jar) {
    Path path = jar.toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw refused(path, "no such file");
    }
    Properties descriptor = descriptor(path);
    String kind = required(path, descriptor, AdapterApi.KIND);
    if (!ProviderKind.externalName(kind)) {
      throw refused(path, "kind '" + kind + "' is " + (ProviderKind.wireNames().contains(kind) ? "built in"
        : "not a valid provider name (lower-case letters, digits and dashes, starting with a letter)"));
    }
    String version = required(path, descriptor, AdapterApi.ADAPTER_VERSION);
    String api = required(path, descriptor, AdapterApi.API_VERSION);
    if (!api.equals(String.valueOf(AdapterApi.VERSION))) {
      throw refused(path, "built against adapter API " + api + ", this gateway offers adapter API "
        + AdapterApi.VERSION);
    }
    String className = required(path, descriptor, AdapterApi.VERTICLE);
    AdapterClassLoader loader;
    try {
      loader = new AdapterClassLoader("adapter " + kind + " " + version, path.toUri().toURL(),
        AdapterJar.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw refused(path, "cannot be read: " + e.getMessage());
    }
    try {
      Constructor<? extends ProviderVerticle> constructor = verticleConstructor(path, loader, className);
      AdapterJar opened = new AdapterJar(path, kind, version, loader, constructor);
      opened.newVerticle(); // a constructor that throws is refused now, not at deployment
      return opened;
    } catch (RuntimeException | LinkageError e) {
      closeQuietly(loader);
      throw e instanceof AdapterJarRefused refusal ? refusal
        : refused(path, "verticle " + className + " cannot be created: " + e);
    }
  }

  /** The provider kind its descriptor names, as account rows name it ({@code ollama}). */
  String kind() {
    return kind;
  }

  /** The adapter's version from its descriptor. */
  String version() {
    return version;
  }

  /** Where the jar is. */
  Path path() {
    return path;
  }

  /**
   * A new adapter verticle per call, from this jar's class loader (what {@code deployVerticle} takes), each in an
   * {@link AdapterInstance}. The supplier holds the jar only while Vert.x deploys.
   */
  Supplier<Deployable> verticles() {
    return () -> new AdapterInstance(newVerticle());
  }

  /** The jar's class loader (deployments keep the app's as their context class loader: see {@link AdapterInstance}). */
  ClassLoader classLoader() {
    return loader;
  }

  /** Closes the class loader: call once every deployment from this jar is undeployed. */
  @Override
  public void close() {
    closeQuietly(loader);
  }

  @Override
  public String toString() {
    return kind + " " + version + " (" + path.getFileName() + ")";
  }

  private ProviderVerticle newVerticle() {
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("adapter " + this + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("adapter " + this + ": " + e, e);
    }
  }

  private static Properties descriptor(Path path) {
    try (JarFile file = new JarFile(path.toFile())) {
      ZipEntry entry = file.getEntry(AdapterApi.DESCRIPTOR);
      if (entry == null) {
        throw refused(path, "no descriptor " + AdapterApi.DESCRIPTOR);
      }
      Properties properties = new Properties();
      try (InputStream in = file.getInputStream(entry)) {
        properties.load(in);
      }
      return properties;
    } catch (IOException e) {
      throw refused(path, "not a jar (" + e.getMessage() + ")");
    }
  }

  private static String required(Path path, Properties descriptor, String key) {
    String value = descriptor.getProperty(key, "").trim();
    if (value.isEmpty()) {
      throw refused(path, AdapterApi.DESCRIPTOR + " names no " + key);
    }
    return value;
  }

  private static Constructor<? extends ProviderVerticle> verticleConstructor(Path path, ClassLoader loader,
                                                                            String className) {
    Class<?> type;
    try {
      type = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw refused(path, "verticle class " + className + " not found in the jar");
    }
    if (!ProviderVerticle.class.isAssignableFrom(type) || Modifier.isAbstract(type.getModifiers())) {
      throw refused(path, className + " is not a concrete " + ProviderVerticle.class.getName());
    }
    try {
      return type.asSubclass(ProviderVerticle.class).getConstructor();
    } catch (NoSuchMethodException e) {
      throw refused(path, className + " has no public no-argument constructor");
    }
  }

  private static AdapterJarRefused refused(Path path, String reason) {
    return new AdapterJarRefused("adapter jar " + path.getFileName() + ": " + reason);
  }

  private static void closeQuietly(AdapterClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // nothing was written through it; an unclosed file handle is all that could remain
    }
  }
}
