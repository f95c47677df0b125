package io.switchboard.api;

import io.vertx.core.json.JsonArray;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What kind of upstream an account is. Its {@link #wireName()} is what account rows, key settings, rules, config
 * sections ({@code providers.<name>}) and JSON say, and names the adapter's address ({@link Addresses#provider}).
 * The built-in kinds are declared in the order of their wire names; {@link #EXTERNAL} stands for every provider
 * served by an adapter from a jar, whose own name (an account row's {@code provider}, {@code ollama}) travels beside
 * it ({@link Candidate#provider()}).
 */
public enum ProviderKind {
  ANTHROPIC("anthropic"),
  AZURE_OPENAI("azure-openai"),
  BEDROCK("bedrock"),
  /**
   * A provider whose adapter was loaded from a jar: the gateway knows nothing of it but its name. Never written by
   * users (not among {@link #wireNames()}); what an account of such a provider is to keys, rules and outcomes.
   */
  EXTERNAL("external"),
  GEMINI("gemini"),
  OPENAI("openai"),
  /** Any server speaking the Chat Completions API (vLLM, Ollama, LiteLLM, ...). */
  OPENAI_COMPATIBLE("openai-compatible");

  private static final WireNames<ProviderKind> WIRE_NAMES = new WireNames<>(ProviderKind.class, k -> k.wireName,
    "provider kind");

  private static final List<ProviderKind> BUILT_IN = java.util.Arrays.stream(values())
    .filter(kind -> kind != EXTERNAL).toList();
  private static final List<String> BUILT_IN_NAMES = BUILT_IN.stream().map(ProviderKind::wireName).toList();
  private static final Pattern EXTERNAL_NAME = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final String wireName;

  ProviderKind(String wireName) {
    this.wireName = wireName;
  }

  /** The name stored in rows and config and written in JSON. */
  public String wireName() {
    return wireName;
  }

  /** The wire name, so log lines and messages read as the rows do. */
  @Override
  public String toString() {
    return wireName;
  }

  /** The wire name of every built-in kind, in declaration order (to validate names and list the known ones). */
  public static List<String> wireNames() {
    return BUILT_IN_NAMES;
  }

  /** The built-in kinds: those the gateway has an adapter for in its own classpath. */
  public static List<ProviderKind> builtIn() {
    return BUILT_IN;
  }

  /** The kind of an account's provider name: a built-in kind, or {@link #EXTERNAL} for any other name. */
  public static ProviderKind ofProvider(String provider) {
    return BUILT_IN_NAMES.contains(provider) ? fromWire(provider) : EXTERNAL;
  }

  /** Whether accounts may name this provider: a built-in kind's name or {@link #externalName one from a jar}. */
  public static boolean providerName(String name) {
    return BUILT_IN_NAMES.contains(name) || externalName(name);
  }

  /** The kind a wire name names; null for null; an unknown name is an {@link IllegalArgumentException}. */
  public static ProviderKind fromWire(String wireName) {
    return WIRE_NAMES.parse(wireName);
  }

  /**
   * Whether an adapter loaded from a jar may serve this provider name: lower-case letters, digits and dashes,
   * starting with a letter, at most 32 characters, and not a built-in kind's name.
   */
  public static boolean externalName(String name) {
    return name != null && EXTERNAL_NAME.matcher(name).matches() && !WIRE_NAMES.all().contains(name);
  }

  /** A list of kinds as JSON: their wire names. */
  public static JsonArray toJson(List<ProviderKind> kinds) {
    return new JsonArray(kinds.stream().map(ProviderKind::wireName).toList());
  }

  /** The kinds a JSON list of wire names names (null: none). */
  public static List<ProviderKind> fromJson(JsonArray names) {
    return names == null ? List.of() : names.stream().map(name -> fromWire((String) name)).toList();
  }
}
