package io.switchboard.providers.core;

import java.util.regex.Pattern;

/** Removes credentials from upstream text before it reaches a client or a log line. */
public final class SecretScrubber {
  // OpenAI-style keys as upstreams echo them, masked or not ("sk-proj-abc***wxyz")
  private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|rk|pk|key)-[A-Za-z0-9_*\\-]{6,}");

  private SecretScrubber() {
  }

  public static String scrub(String text, String credential) {
    if (text == null) {
      return null;
    }
    String out = credential == null || credential.isEmpty() ? text : text.replace(credential, "[redacted]");
    return KEY_LIKE.matcher(out).replaceAll("[redacted]");
  }
}
