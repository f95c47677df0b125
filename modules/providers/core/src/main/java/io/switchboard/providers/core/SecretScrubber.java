package io.switchboard.providers.core;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from upstream text before it reaches a client or a log line: the account's credential (and each
 * part of a composite one, like Bedrock's {@code ACCESS_KEY_ID:SECRET}), the common key shapes whoever's they are,
 * and where the upstream is (the host of the account's base URL, any IPv4 or IPv6 address). Upstreams echo keys in
 * error messages ("Incorrect API key provided: sk-...") and name their hosts in proxies' errors.
 */
public final class SecretScrubber {
  private static final String REDACTED = "[redacted]";
  private static final String UPSTREAM = "[upstream]";
  private static final Pattern KEY_SHAPES = Pattern.compile(String.join("|",
    "\\b(?:sk|rk|pk|key)-[A-Za-z0-9_*\\-]{6,}", // OpenAI and Anthropic keys, masked or not ("sk-proj-abc***wxyz")
    "\\bAIza[0-9A-Za-z_\\-]{20,}", // Google API keys
    "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", // AWS access key ids
    // AWS secret access keys: 40 base64 characters with digits and both cases (so no word or hex digest)
    "(?<![A-Za-z0-9/+])(?=[A-Za-z0-9/+]{0,39}[0-9])(?=[A-Za-z0-9/+]{0,39}[a-z])(?=[A-Za-z0-9/+]{0,39}[A-Z])"
      + "[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])",
    "\\b[0-9a-fA-F]{32}\\b", // Azure OpenAI keys (32 hex digits)
    "(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{7,}[A-Za-z0-9_~+/\\-]=*")); // a bearer token (not the sentence's stop)
  private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])(?:[0-9]{1,3}\\.){3}[0-9]{1,3}(?![0-9])");
  /** What may be an IPv6 address (hex digits and colons, a zone after {@code %}); {@link #isIpv6} decides. */
  private static final Pattern IPV6_CANDIDATE =
    Pattern.compile("(?<![0-9A-Za-z_.:])([0-9A-Fa-f:]{2,}+)(?:%[0-9A-Za-z._-]++)?(?![0-9A-Za-z_])");
  /** Parts of a composite credential shorter than this are not secrets on their own (a region, a separator). */
  private static final int MIN_SECRET = 8;

  private final String credential;
  private final String baseUrl;
  /** What it looks for, worked out from the credential and base URL when it first scrubs (most calls never do). */
  private Secrets secrets;

  /** The credential's parts and the upstream's host, as a pattern (null: no host to hide). */
  private record Secrets(List<String> parts, Pattern host) {
    static Secrets of(String credential, String baseUrl) {
      String host = hostOf(baseUrl);
      return new Secrets(secretsOf(credential), host == null || host.isEmpty() ? null
        : Pattern.compile(Pattern.quote(host), Pattern.CASE_INSENSITIVE));
    }
  }

  private SecretScrubber(String credential, String baseUrl) {
    this.credential = credential;
    this.baseUrl = baseUrl;
  }

  /**
   * A scrubber for one account: its credential (null or empty: none) and its base URL (null: no host to hide). It is
   * made for every call that may need it; the credential's parts and the host's pattern are worked out on its first
   * scrub (under streamed load, making them for every stream was 1.6 % of the event loop's time).
   */
  public static SecretScrubber of(String credential, String baseUrl) {
    return new SecretScrubber(credential, baseUrl);
  }

  /** Scrubs the credential and the common key shapes from {@code text}. */
  public static String scrub(String text, String credential) {
    return of(credential, null).scrub(text);
  }

  /** The text with every secret and upstream location replaced; null stays null. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Secrets known = secrets;
    if (known == null) {
      known = Secrets.of(credential, baseUrl);
      secrets = known;
    }
    String out = text;
    for (String secret : known.parts()) {
      out = out.replace(secret, REDACTED);
    }
    out = KEY_SHAPES.matcher(out).replaceAll(REDACTED);
    if (known.host() != null) {
      out = known.host().matcher(out).replaceAll(UPSTREAM);
    }
    out = IPV4.matcher(out).replaceAll(UPSTREAM);
    if (out.indexOf(':') < 0) {
      return out;
    }
    return IPV6_CANDIDATE.matcher(out)
      .replaceAll(m -> isIpv6(m.group(1)) ? UPSTREAM : Matcher.quoteReplacement(m.group()));
  }

  /**
   * Eight groups of 1-4 hex digits, or fewer around one {@code ::}, with a digit among them: so a time of day, a MAC
   * address or {@code Class::method} is not an address.
   */
  static boolean isIpv6(String text) {
    if (text.chars().noneMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] sides = gap < 0 ? new String[] {text} : new String[] {text.substring(0, gap), text.substring(gap + 2)};
    int groups = 0;
    for (String side : sides) {
      if (side.isEmpty()) {
        continue;
      }
      for (String group : side.split(":", -1)) {
        if (group.isEmpty() || group.length() > 4) {
          return false;
        }
        groups++;
      }
    }
    return gap < 0 ? groups == 8 : groups <= 7;
  }

  /** A copy of the JSON with every string in it scrubbed (messages, codes, params, Gemini's details). */
  public JsonObject scrub(JsonObject json) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> field : json) {
      out.put(field.getKey(), scrubValue(field.getValue()));
    }
    return out;
  }

  private Object scrubValue(Object value) {
    if (value instanceof String text) {
      return scrub(text);
    }
    if (value instanceof JsonObject object) {
      return scrub(object);
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(item -> out.add(scrubValue(item)));
      return out;
    }
    return value;
  }

  /** The credential, and the parts of a composite one ({@code ID:SECRET}, or the values of a JSON object). */
  private static List<String> secretsOf(String credential) {
    List<String> secrets = new ArrayList<>();
    if (credential == null || credential.isEmpty()) {
      return secrets;
    }
    secrets.add(credential);
    if (credential.trim().startsWith("{")) {
      try {
        new JsonObject(credential).forEach(field -> {
          if (field.getValue() instanceof String part && part.length() >= MIN_SECRET) {
            secrets.add(part);
          }
        });
      } catch (RuntimeException notJson) {
        // not JSON after all: the whole credential is scrubbed
      }
    } else {
      for (String part : credential.split(":")) {
        if (part.length() >= MIN_SECRET && !part.equals(credential)) {
          secrets.add(part);
        }
      }
    }
    return secrets;
  }

  private static String hostOf(String baseUrl) {
    if (baseUrl == null) {
      return null;
    }
    try {
      String host = URI.create(baseUrl).getHost();
      return host == null ? null : host.toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notAUrl) {
      return null;
    }
  }
}
