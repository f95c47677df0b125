package io.switchboard.ingress;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model a pass-through request names, for the key's allow-list and for routing, or null when it names none: a
 * path segment after {@code models/} (Gemini), {@code deployments/} (Azure) or {@code model/} (Bedrock), a JSON body's
 * {@code model}, or a multipart form's {@code model} field (images edits, audio transcriptions). A body that streams
 * is read in its first part only.
 */
final class PassThroughModels {
  private static final Pattern IN_PATH = Pattern.compile("/(?:models|deployments|model)/([^/:?]+)");
  private static final Pattern JSON_FIELD = Pattern.compile("\"model\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.){1,256})\"");
  private static final Pattern FORM_FIELD = Pattern.compile(
    "(?i)content-disposition:\\s*form-data;\\s*name=\"?model\"?\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\n([^\\r\\n]{1,256})\\r\\n");
  private static final int SCANNED = 64 * 1024;

  private PassThroughModels() {
  }

  static String of(String path, String contentType, Buffer body, boolean wholeBody) {
    Matcher inPath = IN_PATH.matcher(path);
    if (inPath.find()) {
      return URLDecoder.decode(inPath.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    }
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (body.length() == 0) {
      return null;
    }
    if (type.contains("json")) {
      return wholeBody ? fromJson(body) : first(JSON_FIELD, body);
    }
    if (type.startsWith("multipart/form-data")) {
      return first(FORM_FIELD, body);
    }
    return null;
  }

  private static String fromJson(Buffer body) {
    try {
      return body.toJsonObject().getValue("model") instanceof String model ? model : null;
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  private static String first(Pattern pattern, Buffer body) {
    String start = body.getString(0, Math.min(body.length(), SCANNED), StandardCharsets.ISO_8859_1.name());
    Matcher found = pattern.matcher(start);
    if (!found.find()) {
      return null;
    }
    String raw = new String(found.group(1).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    return pattern == JSON_FIELD ? new JsonObject("{\"m\":\"" + raw + "\"}").getString("m") : raw;
  }
}
