package io.switchboard.api;

/** Model-name patterns in allow-lists: {@code *} matches any run of characters, everything else literally. */
public final class ModelGlob {
  private ModelGlob() {
  }

  public static boolean matches(String pattern, String model) {
    return matches(pattern, 0, model, 0);
  }

  private static boolean matches(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (matches(p, pi + 1, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || s.charAt(si) != c) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
