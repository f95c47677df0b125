package io.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MockBehaviorTest {

  @Test
  void argumentsSplitIntoAtLeastTwoFragments() {
    assertEquals(List.of("{", "}"), MockBehavior.ok().withChunks(0).withToolCall("f", "{}").argumentFragments());
    assertEquals(List.of("{\"city", "\":\"Par", "is\"}"),
        MockBehavior.ok().withToolCall("f", "{\"city\":\"Paris\"}").argumentFragments());
    assertEquals(List.of("{\"city\":", "\"Paris\"}"),
        MockBehavior.ok().withChunks(1).withToolCall("f", "{\"city\":\"Paris\"}").argumentFragments());
    assertEquals(List.of(), MockBehavior.ok().argumentFragments());
  }

  @Test
  void aSurrogatePairStaysInOneFragment() {
    String args = "{\"a\":\"\uD83D\uDE00\"}"; // {"a":"😀"}: the pair sits at chars 6-7
    List<String> fragments = MockBehavior.ok().withChunks(4).withToolCall("f", args).argumentFragments();
    assertEquals(args, String.join("", fragments));
    fragments.forEach(f -> assertFalse(Character.isHighSurrogate(f.charAt(f.length() - 1)), f));
  }

  @Test
  void toolArgumentsMustBeAJsonObject() {
    assertThrows(IllegalArgumentException.class, () -> MockBehavior.ok().withToolCall("f", "[1]"));
    assertThrows(IllegalArgumentException.class, () -> MockBehavior.ok().withToolCall("f", null));
    assertThrows(IllegalArgumentException.class, () -> MockBehavior.ok().withToolCall("", "{}"));
  }

  @Test
  void withersKeepToolCallAndThinking() {
    MockBehavior b = MockBehavior.ok().withToolCall("f", "{}").withThinking("hm").withChunks(7).withStatus(500)
        .withUsage(1, 2, 3).withRetryAfter("1");
    assertTrue(b.toolCall());
    assertEquals("f", b.toolName());
    assertEquals("hm", b.thinking());
    assertEquals(7, b.chunks());
  }

  @Test
  void theElevenArgumentConstructorStillBuildsATextAnswer() {
    MockBehavior b = new MockBehavior(200, null, 2, 0, -1, 1, 2, 0, 0, true, null);
    assertFalse(b.toolCall());
    assertNull(b.thinking());
    assertEquals(MockBehavior.DEFAULT_ERROR_BODY, b.errorBody());
    assertEquals("tok0 tok1 ", b.text());
  }
}
