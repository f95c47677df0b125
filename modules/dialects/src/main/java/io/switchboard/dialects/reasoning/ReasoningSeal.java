package io.switchboard.dialects.reasoning;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Marks signed reasoning with the family that signed it when it reaches a client of another dialect, so that when
 * the client sends it back the gateway knows where it may go. A seal is {@code SBR}, the family's letter, then the
 * original's UTF-8 bytes in hex, padded to a multiple of four characters: letters and digits only, so it is valid
 * base64 in either alphabet and survives a Gemini client that decodes its thought signature as bytes and encodes it
 * again. Anthropic's, Gemini's and OpenAI's own signatures never look like one.
 */
public final class ReasoningSeal {
  private static final String PREFIX = "SBR";
  private static final HexFormat HEX = HexFormat.of().withUpperCase();

  /** A signature, or data, with the family it is known to come from. */
  public record Opened(ReasoningFamily family, String value) {
  }

  private ReasoningSeal() {
  }

  public static String seal(ReasoningFamily family, String signature) {
    String hex = HEX.formatHex(signature.getBytes(StandardCharsets.UTF_8));
    return PREFIX + family.letter() + hex + (hex.length() % 4 == 0 ? "" : "00");
  }

  /** The original of a sealed value; an unsealed one as it is, from {@code otherwise} (may be null: unknown). */
  public static Opened open(String value, ReasoningFamily otherwise) {
    if (value == null || value.length() < PREFIX.length() + 1 || !value.startsWith(PREFIX)) {
      return new Opened(otherwise, value);
    }
    ReasoningFamily family = ReasoningFamily.ofLetter(value.charAt(PREFIX.length()));
    String hex = value.substring(PREFIX.length() + 1);
    if (family == null || hex.length() % 4 != 0) {
      return new Opened(otherwise, value);
    }
    byte[] bytes;
    try {
      bytes = HEX.parseHex(hex);
    } catch (IllegalArgumentException notHex) {
      return new Opened(otherwise, value);
    }
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == 0) {
      length--; // the padding: UTF-8 text never holds a NUL
    }
    return new Opened(family, new String(bytes, 0, length, StandardCharsets.UTF_8));
  }
}
