package io.switchboard.store;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The static headers an account may send on every upstream call (an organization or project header, a routing tag):
 * any HTTP header but the credential headers the adapter sets, the framing and connection headers, and the AWS
 * signature's own.
 */
public final class AccountHeaders {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Set<String> RESERVED = Set.of("authorization", "x-api-key", "api-key", "x-goog-api-key",
    "proxy-authorization", "host", "content-type", "content-length", "transfer-encoding", "connection", "keep-alive",
    "upgrade", "te", "trailer", "expect", "cookie", "accept-encoding");

  private AccountHeaders() {
  }

  /** What is wrong with this header, or null when an account may send it. */
  public static String problem(String name, Object value) {
    if (!TOKEN.matcher(name).matches()) {
      return "is not a header name";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED.contains(lower) || lower.startsWith("x-amz-")) {
      return "is set by the gateway itself";
    }
    if (!(value instanceof String text) || text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
      return "must be one line of text";
    }
    return null;
  }
}
