package io.switchboard.dialects;

import io.switchboard.api.chat.Part;
import java.util.List;

/** The text of canonical parts for fields that hold only text (a system string, a tool output). */
public final class PartTexts {
  private PartTexts() {
  }

  /** The text parts joined by {@code separator}; other parts have no place in a text-only field. */
  public static String joined(List<Part> parts, String separator) {
    StringBuilder joined = new StringBuilder();
    boolean first = true;
    for (Part part : parts) {
      if (part instanceof Part.Text text) {
        if (!first) {
          joined.append(separator);
        }
        joined.append(text.text());
        first = false;
      }
    }
    return joined.toString();
  }
}
