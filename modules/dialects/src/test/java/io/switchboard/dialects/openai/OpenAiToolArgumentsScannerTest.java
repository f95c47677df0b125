package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** When streamed tool arguments have formed a whole JSON object, however the fragments are cut. */
class OpenAiToolArgumentsScannerTest {

  @Test
  void completeOnlyAfterTheLastCharacterWhateverTheCut() {
    String json = "{\"q\":\"a}b\\\"}{[\",\"n\":[1,{\"x\":\"\\\\\"}],\"e\":{}}";
    for (int cut = 0; cut <= json.length(); cut++) {
      OpenAiToolArgumentsScanner scanner = new OpenAiToolArgumentsScanner();
      for (int i = 0; i < json.length(); i++) {
        scanner.feed(json.substring(i, i + 1));
        assertEquals(i == json.length() - 1, scanner.complete(), "after char " + i);
      }
      OpenAiToolArgumentsScanner halves = new OpenAiToolArgumentsScanner();
      halves.feed(json.substring(0, cut));
      assertEquals(cut == json.length(), halves.complete(), "first " + cut + " chars");
      halves.feed(json.substring(cut));
      assertEquals(true, halves.complete());
    }
  }

  @Test
  void nothingYetIsNotComplete() {
    OpenAiToolArgumentsScanner scanner = new OpenAiToolArgumentsScanner();
    scanner.feed("");
    assertEquals(false, scanner.complete());
    scanner.feed("  ");
    assertEquals(false, scanner.complete());
  }
}
