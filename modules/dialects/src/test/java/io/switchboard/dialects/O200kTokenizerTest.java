package io.switchboard.dialects;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The compact tokenizer counts exactly what jtokkit's o200k_base (a port of tiktoken) counts, text for text. */
class O200kTokenizerTest {
  private static final O200kTokenizer COMPACT = O200kTokenizer.load();
  private static final Encoding JTOKKIT = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  private static void assertSameCount(String text) {
    assertEquals(JTOKKIT.countTokensOrdinary(text), COMPACT.count(text), () -> "count of " + abbreviated(text));
  }

  private static String abbreviated(String text) {
    return text.length() <= 80 ? '"' + text + '"' : '"' + text.substring(0, 80) + "...\" (" + text.length() + " chars)";
  }

  @Test
  void countsKnownTexts() {
    assertEquals(2, COMPACT.count("hello world"));
    assertEquals(0, COMPACT.count(""));
    assertEquals(1, COMPACT.count(" "));
  }

  @Test
  void countsLikeTiktokenOnProseCodeAndScripts() {
    for (String text : List.of(
        "The quick brown fox jumps over the lazy dog.",
        "I'LL tell you WHAT'S wrong: they're here, we've seen, it'd be ALL'S well.",
        "12345678901234567890 3.14159 1,000,000 -42 0x7fffffff",
        "    if (x <= 42) {\n\t\treturn y * 3.14159;\n    }\r\n\r\n\n",
        "Grüße aus Köln — 你好世界, こんにちは, Привет, مرحبا بالعالم, שלום, नमस्ते",
        "emoji 👋🏽👨‍👩‍👧‍👦 🇩🇪 flags and ZWJ",
        "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "lone \uD800 high and \uDC00 low surrogates, and a pair \uD83D\uDE00",
        "trailing spaces    \n   \n\n\t \u00a0\u2003 ",
        "ThisIsCamelCaseWithHTTPServerAndXMLParser_snake_case__dunder__",
        "a" + "\u0301".repeat(20) + " combining marks")) {
      assertSameCount(text);
    }
  }

  @Test
  void countsLongPiecesOfOneCharacterClassLikeTiktoken() {
    Random random = new Random(20261205);
    assertSameCount("!".repeat(5_000));
    assertSameCount(" ".repeat(3_000) + "x");
    assertSameCount("=-".repeat(2_500) + "\n");
    StringBuilder letters = new StringBuilder();
    for (int i = 0; i < 4_000; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    assertSameCount(letters.toString());
    StringBuilder symbols = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      symbols.append("!@#$%^&*()[]{};:,.<>/?|~`".charAt(random.nextInt(25)));
    }
    assertSameCount(symbols.toString());
  }

  @Test
  void countsAPieceLongerThanAPartPartByPartWithoutSplittingACharacter() {
    Random random = new Random(5);
    StringBuilder run = new StringBuilder();
    while (run.length() < 2 * O200kTokenizer.PART_CHARS + 100) {
      run.append(random.nextInt(8) == 0 ? "\uD835\uDC00" : String.valueOf((char) ('a' + random.nextInt(26))));
    }
    String piece = run.toString(); // letters and MATHEMATICAL BOLD CAPITAL A (a surrogate pair): one piece
    int expected = 0;
    for (int start = 0, stop; start < piece.length(); start = stop) {
      stop = Math.min(piece.length(), start + O200kTokenizer.PART_CHARS);
      if (stop < piece.length() && Character.isLowSurrogate(piece.charAt(stop))) {
        stop--;
      }
      expected += JTOKKIT.countTokensOrdinary(piece.substring(start, stop));
    }
    assertEquals(expected, COMPACT.count(piece));
  }

  /** A client may send a 10 MiB run of letters: counting it needs scratch for one part, not for the whole run. */
  @Test
  void countsAFourMebibyteRunInASmallHeap() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
      "-cp", System.getProperty("java.class.path"), LongRun.class.getName()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertEquals(0, child.waitFor(), output);
    assertEquals(true, Integer.parseInt(output) > 4 * 1024 * 1024 / 8, output);
  }

  /** Counts a 4 MiB run of random letters and prints the count (run in a JVM of its own, with a small heap). */
  static final class LongRun {
    public static void main(String[] args) {
      Random random = new Random(7);
      StringBuilder letters = new StringBuilder(4 * 1024 * 1024);
      for (int i = 0; i < 4 * 1024 * 1024; i++) {
        letters.append((char) ('a' + random.nextInt(26)));
      }
      System.out.println(O200kTokenizer.load().count(letters));
    }
  }

  @Test
  void countsLikeTiktokenOnRandomText() {
    Random random = new Random(42);
    String alphabet = "aeiouxyzAEIOUXYZ0123456789 \t\n\r.,;:'\"!?-_/\\()[]{}<>@#$%&*+=~`"
        + "äöüßéèçñ€£¥©®±×÷中文字日本語한국어ÄÖÜ\u00a0\u2028\u0301";
    for (int i = 0; i < 3_000; i++) {
      int length = 1 + random.nextInt(i % 10 == 0 ? 600 : 40);
      StringBuilder text = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        int pick = random.nextInt(alphabet.length() + 3);
        if (pick == alphabet.length()) {
          text.appendCodePoint(0x1F300 + random.nextInt(700)); // emoji, a surrogate pair
        } else if (pick > alphabet.length()) {
          text.append((char) random.nextInt(0x3000));
        } else {
          text.append(alphabet.charAt(pick));
        }
      }
      assertSameCount(text.toString());
    }
  }

  @Test
  void countsLikeTiktokenOnTheGoldenFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertSameCount(Files.readString(file, StandardCharsets.UTF_8));
      }
    }
  }
}
