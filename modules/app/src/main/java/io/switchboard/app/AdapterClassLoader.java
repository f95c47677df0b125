package io.switchboard.app;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * The class loader of one adapter jar. What the gateway and its adapters share (the JDK, Vert.x, Netty, logging,
 * Jackson, Micrometer, and Switchboard's {@code api}, {@code dialects}, {@code store} and {@code providers.core})
 * always comes from the app, so an adapter's {@code ProviderVerticle} is the gateway's; everything else is looked up
 * in the jar first, so two versions of one adapter (or of a library it bundles) live side by side.
 */
final class AdapterClassLoader extends URLClassLoader {
  private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
    "io.switchboard.api.", "io.switchboard.dialects.", "io.switchboard.store.", "io.switchboard.providers.core.",
    "io.vertx.", "io.netty.", "org.slf4j.", "ch.qos.logback.", "com.fasterxml.jackson.", "io.micrometer.");

  static {
    registerAsParallelCapable();
  }

  AdapterClassLoader(String name, URL jar, ClassLoader app) {
    super(name, new URL[] {jar}, app);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (shared(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notInJar) {
          loaded = getParent().loadClass(name);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  /** The jar's own resources first too: each version reads its own descriptor. */
  @Override
  public URL getResource(String name) {
    URL own = findResource(name);
    return own != null ? own : super.getResource(name);
  }

  private static boolean shared(String name) {
    for (String prefix : SHARED) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
