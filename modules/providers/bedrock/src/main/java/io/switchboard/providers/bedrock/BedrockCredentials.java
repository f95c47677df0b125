package io.switchboard.providers.bedrock;

import io.vertx.core.json.JsonObject;

/**
 * AWS credentials of one Bedrock account, parsed from its credential string. {@code sessionToken} and
 * {@code region} may be null. Never printed with its secrets.
 */
public record BedrockCredentials(String accessKeyId, String secretAccessKey, String sessionToken, String region) {

  private static final String FORMS = "ACCESS_KEY_ID:SECRET_ACCESS_KEY, ACCESS_KEY_ID:SECRET_ACCESS_KEY:SESSION_TOKEN"
    + " or a JSON object with accessKeyId, secretAccessKey and optional sessionToken and region";

  public BedrockCredentials {
    if (isBlank(accessKeyId) || isBlank(secretAccessKey)) {
      throw new IllegalArgumentException("Bedrock credential needs an access key id and a secret access key");
    }
  }

  /**
   * Parses {@code ACCESS_KEY_ID:SECRET_ACCESS_KEY[:SESSION_TOKEN]} or
   * {@code {"accessKeyId","secretAccessKey","sessionToken"?,"region"?}}. Error messages never quote the input.
   */
  public static BedrockCredentials parse(String credential) {
    if (credential == null || credential.isBlank()) {
      throw new IllegalArgumentException("Bedrock credential is empty; expected " + FORMS);
    }
    String text = credential.strip();
    return text.startsWith("{") ? fromJson(text) : fromColonForm(text);
  }

  private static BedrockCredentials fromColonForm(String text) {
    // AWS key ids, secrets and session tokens are base64-like and never contain ':'
    String[] parts = text.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("Bedrock credential has " + parts.length + " ':'-separated parts; expected "
        + FORMS);
    }
    for (String part : parts) {
      if (part.isBlank()) {
        throw new IllegalArgumentException("Bedrock credential has an empty part; expected " + FORMS);
      }
    }
    return new BedrockCredentials(parts[0], parts[1], parts.length == 3 ? parts[2] : null, null);
  }

  private static BedrockCredentials fromJson(String text) {
    JsonObject json;
    try {
      json = new JsonObject(text);
    } catch (RuntimeException notJson) {
      // the parser's message may quote the input, secret included: do not chain it
      throw new IllegalArgumentException("Bedrock credential starts with '{' but is not a JSON object; expected "
        + FORMS);
    }
    return new BedrockCredentials(required(json, "accessKeyId"), required(json, "secretAccessKey"),
      optional(json, "sessionToken"), optional(json, "region"));
  }

  private static String required(JsonObject json, String field) {
    String value = optional(json, field);
    if (value == null) {
      throw new IllegalArgumentException("Bedrock credential JSON lacks \"" + field + "\"; expected " + FORMS);
    }
    return value;
  }

  private static String optional(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException("Bedrock credential JSON field \"" + field + "\" must be a string");
    }
    return text.isBlank() ? null : text.strip();
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  /** The access key id is an identifier AWS itself logs; the secret and the session token are never shown. */
  @Override
  public String toString() {
    return "BedrockCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=***, sessionToken="
      + (sessionToken == null ? "none" : "***") + ", region=" + region + "]";
  }
}
