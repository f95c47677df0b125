package io.switchboard.api;

/** Model-name patterns in allow-lists: {@code *} matches any run of characters, everything else literally. */
public final class ModelGlob {
  private ModelGlob() {
  }

  /** Linear-time match: on a mismatch, only the most recent {@code *} is widened (no exponential backtracking). */
  public static boolean matches(String pattern, String model) {
    int p = 0;
    int m = 0;
    int star = -1;
    int starMatch = 0;
    while (m < model.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        starMatch = m;
      } else if (p < pattern.length() && pattern.charAt(p) == model.charAt(m)) {
        p++;
        m++;
      } else if (star >= 0) {
        p = star + 1;
        m = ++starMatch;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
