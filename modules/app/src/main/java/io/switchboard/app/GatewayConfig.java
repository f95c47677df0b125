package io.switchboard.app;

import io.switchboard.api.ProviderKind;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the configuration: the documented defaults ({@code conf/switchboard.yaml} in the jar), then the
 * {@code --config} file, then {@code SB_*} environment variables; resolves {@code ${env:NAME}}, rejects keys the
 * defaults do not know, and fills each provider kind's section from {@code providers.defaults}.
 */
public final class GatewayConfig {
  private static final String DEFAULTS = "conf/switchboard.yaml";
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");
  /** Sections whose content is free-form lists the bootstrap validates itself. */
  private static final String FREE_FORM = "bootstrap";
  /** The section under {@code providers} every kind's section overrides key by key. */
  static final String PROVIDER_DEFAULTS = "defaults";
  /** The section of adapters from jars: their directory and the sections of the providers they serve. */
  static final String ADAPTERS = "adapters";
  /** The list under {@code providers} naming the kinds this process runs. */
  static final String PROVIDER_KINDS = "kinds";
  /** The drain of an adapter instance being removed, under {@code providers}. */
  static final String PROVIDER_DRAIN = "drainSeconds";
  /** The bytes answers read whole may hold between them in this process, under {@code providers}. */
  static final String PROVIDER_HELD = "heldAnswerBytes";

  private GatewayConfig() {
  }

  public static Future<JsonObject> load(Vertx vertx, Path file, Map<String, String> env) {
    if (file != null && !Files.isRegularFile(file)) {
      return Future.failedFuture(new ConfigError("config file not found: " + file));
    }
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setIncludeDefaultStores(false)
      .addStore(yaml(DEFAULTS));
    if (file != null) {
      options.addStore(yaml(file.toString()));
    }
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever.getConfig()
      .eventually(retriever::close)
      .recover(failure -> Future.failedFuture(new ConfigError("cannot read configuration"
        + (file == null ? "" : " from " + file) + ": " + rootMessage(failure))))
      .compose(merged -> {
        try {
          return Future.succeededFuture(resolve(merged, env));
        } catch (ConfigError e) {
          return Future.failedFuture(e);
        }
      });
  }

  /** Applies env overrides and references, checks every key against the defaults, then fills provider kinds. */
  static JsonObject resolve(JsonObject merged, Map<String, String> env) {
    JsonObject known = withProviderDefaults(Defaults.get()); // a kind knows every key providers.defaults has
    applyEnv(merged, known, "", env);
    JsonObject resolved = (JsonObject) interpolate(merged, "", env);
    JsonObject adapterSections = takeAdapterSections(resolved, known);
    checkKnown(resolved, known, "");
    JsonObject config = withProviderDefaults(resolved);
    JsonObject shared = config.getJsonObject("providers").getJsonObject(PROVIDER_DEFAULTS);
    adapterSections.forEach(e -> config.getJsonObject("adapters")
      .put(e.getKey(), shared.copy().mergeIn((JsonObject) e.getValue(), true)));
    return config;
  }

  /**
   * Takes out the sections {@code adapters.<provider>} of providers served by adapters from jars (any key of
   * {@code adapters} but {@code dir}): each knows the keys {@code providers.defaults} knows.
   */
  private static JsonObject takeAdapterSections(JsonObject config, JsonObject known) {
    JsonObject sections = new JsonObject();
    if (!(config.getValue(ADAPTERS) instanceof JsonObject adapters)) {
      return sections;
    }
    JsonObject knownAdapters = known.getJsonObject(ADAPTERS);
    for (String key : new java.util.ArrayList<>(adapters.fieldNames())) {
      if (knownAdapters.containsKey(key)) {
        continue;
      }
      if (!ProviderKind.externalName(key)) {
        throw new ConfigError("unknown config key '" + ADAPTERS + "." + key + "' (besides dir, adapters holds the "
          + "section of a provider an adapter from a jar serves: lower-case letters, digits and dashes, not a "
          + "built-in kind)");
      }
      if (!(adapters.getValue(key) instanceof JsonObject own)) {
        throw new ConfigError(ADAPTERS + "." + key + ": expected a section of keys");
      }
      checkKnown(own, known.getJsonObject("providers").getJsonObject(PROVIDER_DEFAULTS), ADAPTERS + "." + key);
      sections.put(key, adapters.remove(key));
    }
    return sections;
  }

  /** Each kind's section under {@code providers} becomes {@code providers.defaults} with the kind's keys over it. */
  private static JsonObject withProviderDefaults(JsonObject config) {
    JsonObject providers = config.getJsonObject("providers");
    JsonObject shared = providers.getJsonObject(PROVIDER_DEFAULTS);
    for (String kind : new java.util.ArrayList<>(providers.fieldNames())) {
      if (!kind.equals(PROVIDER_DEFAULTS) && !kind.equals(PROVIDER_KINDS) && !kind.equals(PROVIDER_DRAIN)
        && !kind.equals(PROVIDER_HELD)) {
        Object own = providers.getValue(kind);
        providers.put(kind, shared.copy().mergeIn(own instanceof JsonObject o ? o : new JsonObject(), true));
      }
    }
    return config;
  }

  private static void applyEnv(JsonObject target, JsonObject defaults, String path, Map<String, String> env) {
    for (String key : defaults.fieldNames()) {
      String keyPath = path.isEmpty() ? key : path + "." + key;
      Object def = defaults.getValue(key);
      if (def instanceof JsonObject nested) {
        if (!(target.getValue(key) instanceof JsonObject)) {
          target.put(key, new JsonObject());
        }
        if (!key.equals(FREE_FORM)) {
          applyEnv(target.getJsonObject(key), nested, keyPath, env);
        }
        continue;
      }
      String value = envValue(keyPath, env);
      if (value != null) {
        target.put(key, typed(keyPath, value, def));
      }
    }
  }

  private static String envValue(String keyPath, Map<String, String> env) {
    String plain = "SB_" + keyPath.toUpperCase(Locale.ROOT).replace('.', '_');
    String split = "SB_" + keyPath.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replace('.', '_');
    return env.containsKey(plain) ? env.get(plain) : env.get(split);
  }

  private static Object typed(String keyPath, String value, Object def) {
    try {
      if (def instanceof Integer) {
        return Integer.parseInt(value.trim());
      }
      if (def instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (def instanceof Double) {
        return Double.parseDouble(value.trim());
      }
      if (def instanceof Boolean) {
        return Boolean.parseBoolean(value.trim());
      }
      if (def instanceof JsonArray) { // a list from the environment is comma-separated: SB_ROLES=ingress,admin
        JsonArray list = new JsonArray();
        for (String item : value.split(",")) {
          if (!item.isBlank()) {
            list.add(item.trim());
          }
        }
        return list;
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigError(keyPath + ": expected a number from the environment, got '" + value + "'");
    }
  }

  private static Object interpolate(Object value, String path, Map<String, String> env) {
    if (value instanceof JsonObject object) {
      JsonObject out = new JsonObject();
      object.forEach(e -> out.put(e.getKey(), interpolate(e.getValue(), path.isEmpty() ? e.getKey()
        : path + "." + e.getKey(), env)));
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      for (int i = 0; i < array.size(); i++) {
        out.add(interpolate(array.getValue(i), path + "[" + i + "]", env));
      }
      return out;
    }
    if (value instanceof String text && text.contains("${env:")) {
      Matcher m = ENV_REF.matcher(text);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String resolved = env.get(name);
        if (resolved == null) {
          if (m.group(2) == null) {
            throw new ConfigError(path + ": environment variable " + name + " is not set");
          }
          resolved = m.group(3);
        }
        m.appendReplacement(out, Matcher.quoteReplacement(resolved));
      }
      m.appendTail(out);
      return out.toString();
    }
    return value;
  }

  private static void checkKnown(JsonObject config, JsonObject defaults, String path) {
    for (String key : config.fieldNames()) {
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (!defaults.containsKey(key)) {
        throw new ConfigError("unknown config key '" + keyPath + "' (see conf/switchboard.yaml for the known keys)");
      }
      Object def = defaults.getValue(key);
      Object value = config.getValue(key);
      if (def instanceof JsonObject nested) {
        if (!(value instanceof JsonObject object)) {
          throw new ConfigError(keyPath + ": expected a section of keys");
        }
        if (!key.equals(FREE_FORM)) {
          checkKnown(object, nested, keyPath);
        }
      } else if (def instanceof Number && !(value instanceof Number)) {
        throw new ConfigError(keyPath + ": expected a number, got '" + value + "'");
      }
    }
  }

  private static ConfigStoreOptions yaml(String path) {
    return new ConfigStoreOptions().setType("file").setFormat("yaml").setConfig(new JsonObject().put("path", path));
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** The defaults as shipped, parsed once (blocking read of a classpath resource, at start-up only). */
  static final class Defaults {
    private static JsonObject defaults;

    private Defaults() {
    }

    static synchronized JsonObject get() {
      if (defaults == null) {
        try (var in = GatewayConfig.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
          if (in == null) {
            throw new ConfigError(DEFAULTS + " is missing from the build");
          }
          Object parsed = new org.yaml.snakeyaml.Yaml().load(in);
          defaults = new JsonObject(asMap(parsed));
        } catch (java.io.IOException e) {
          throw new ConfigError("cannot read " + DEFAULTS + ": " + e.getMessage());
        }
      }
      return defaults.copy();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object parsed) {
      return (Map<String, Object>) parsed;
    }
  }
}
