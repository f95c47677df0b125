package io.switchboard.app;

import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * What it takes to deploy one role on this node: its name ({@code providers} for an adapter, with its {@code kind}),
 * the verticle factory, its configuration section, its version ({@code built-in} or the jar's) and, for an adapter
 * from a jar, that jar (its class loader deploys the verticles; it is closed once nothing of it runs any more).
 */
record RoleSpec(String role, String kind, Supplier<? extends Deployable> factory, JsonObject config, String version,
                AdapterJar jar) {
  static final String BUILT_IN = "built-in";

  static RoleSpec builtIn(String role, String kind, Supplier<? extends Deployable> factory, JsonObject config) {
    return new RoleSpec(role, kind, factory, config, BUILT_IN, null);
  }

  /** An adapter from a jar, configured by {@code section}. */
  static RoleSpec fromJar(AdapterJar jar, JsonObject section) {
    return new RoleSpec("providers", jar.kind(), jar.verticles(), section, jar.version(), jar);
  }

  /** The same spec with nothing left to deploy: what a stopped deployment keeps, so no jar's classes stay reachable. */
  RoleSpec released() {
    return new RoleSpec(role, kind, null, config, version, null);
  }

  /** The name settings and errors use: {@code providers.openai}, {@code ingress}. */
  String qualified() {
    return kind == null ? role : role + "." + kind;
  }

  /** The instances its section asks for at start ({@code instances}, default 1). */
  int configuredInstances() {
    return config.getInteger("instances", 1);
  }
}
