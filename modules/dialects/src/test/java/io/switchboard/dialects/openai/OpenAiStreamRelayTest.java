package io.switchboard.dialects.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bytes a client receives from a same-dialect OpenAI stream, however the upstream's reads are cut. */
class OpenAiStreamRelayTest {

  private static final String HEAD = "{\"id\":\"chatcmpl-9xQe7ZkR2\",\"object\":\"chat.completion.chunk\","
    + "\"created\":1718000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\",";
  private static final String ROLE = HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
    + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
  private static final String HELLO = content("Hello");
  private static final String WORLD = content(" wörld ✓");
  private static final String FINISH = HEAD + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
    + "\"finish_reason\":\"stop\"}],\"usage\":null}";
  private static final String USAGE = HEAD + "\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,"
    + "\"total_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":2},"
    + "\"completion_tokens_details\":{\"reasoning_tokens\":1}}}";
  private static final Usage EXPECTED_USAGE = new Usage(7, 3, 2, 0, 1);

  private static String content(String text) {
    return HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"logprobs\":null,"
      + "\"finish_reason\":null}],\"usage\":null}";
  }

  /** One SSE event: a data line and the blank line that ends it, with the given line ending. */
  private static String event(String data, String eol) {
    return "data: " + data + eol + eol;
  }

  private static String stream(String eol, boolean withUsage) {
    return event(ROLE, eol) + event(HELLO, eol) + event(WORLD, eol) + event(FINISH, eol)
      + (withUsage ? event(USAGE, eol) : "") + event("[DONE]", eol);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Feeds the reads, keeping every returned buffer until the end so a later read cannot alter an earlier output. */
  private static String relay(OpenAiStreamRelay relay, List<byte[]> reads) {
    List<Buffer> outputs = new ArrayList<>();
    for (byte[] read : reads) {
      outputs.add(relay.accept(Buffer.buffer(read)));
    }
    outputs.add(relay.finish());
    Buffer all = Buffer.buffer();
    outputs.forEach(all::appendBuffer);
    return all.toString(StandardCharsets.UTF_8);
  }

  private static String expected(String eol, boolean strip) {
    return strip ? stream(eol, false) : stream(eol, true);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n"})
  void wholeStreamPassesThroughOrLosesExactlyTheUsageEvent(String eol) {
    for (boolean strip : new boolean[] {false, true}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
      String out = relay(relay, List.of(bytes(stream(eol, true))));
      assertEquals(expected(eol, strip), out, "strip=" + strip);
      assertEquals(EXPECTED_USAGE, relay.usage(), "strip=" + strip);
      assertTrue(relay.completed(), "strip=" + strip);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n"})
  void everyTwoWaySplitGivesTheSameBytes(String eol) {
    byte[] input = bytes(stream(eol, true));
    for (boolean strip : new boolean[] {false, true}) {
      for (int cut = 0; cut <= input.length; cut++) {
        byte[] first = java.util.Arrays.copyOfRange(input, 0, cut);
        byte[] second = java.util.Arrays.copyOfRange(input, cut, input.length);
        OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
        String label = "strip=" + strip + " cut=" + cut;
        assertEquals(expected(eol, strip), relay(relay, List.of(first, second)), label);
        assertEquals(EXPECTED_USAGE, relay.usage(), label);
        assertTrue(relay.completed(), label);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n"})
  void oneByteReadsGiveTheSameBytes(String eol) {
    byte[] input = bytes(stream(eol, true));
    for (boolean strip : new boolean[] {false, true}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
      List<Buffer> outputs = new ArrayList<>();
      for (int i = 0; i < input.length; i++) {
        assertFalse(relay.completed(), "completed before the [DONE] event ended, at byte " + i);
        outputs.add(relay.accept(Buffer.buffer(new byte[] {input[i]})));
      }
      outputs.add(relay.finish());
      Buffer all = Buffer.buffer();
      outputs.forEach(all::appendBuffer);
      assertEquals(expected(eol, strip), all.toString(StandardCharsets.UTF_8), "strip=" + strip);
      assertEquals(EXPECTED_USAGE, relay.usage());
      assertTrue(relay.completed());
    }
  }

  @Test
  void theOutputPassedOnIsCountedWhateverTheReads() {
    byte[] input = bytes(stream("\n", true));
    long whole = io.switchboard.dialects.TokenEstimate.text("Hello wörld ✓");
    for (int cut = 0; cut <= input.length; cut++) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
      relay(relay, List.of(java.util.Arrays.copyOfRange(input, 0, cut),
        java.util.Arrays.copyOfRange(input, cut, input.length)));
      assertEquals(whole, relay.estimatedOutputTokens(), "cut=" + cut);
    }
    OpenAiStreamRelay cutShort = new OpenAiStreamRelay(false);
    cutShort.accept(Buffer.buffer(event(ROLE, "\n") + event(HELLO, "\n")));
    assertEquals(io.switchboard.dialects.TokenEstimate.text("Hello"), cutShort.estimatedOutputTokens(),
      "a stream cut short has counted what it passed on");
  }

  @Test
  void aLongAnswerIsCountedWholeThoughItsEventsWaitInABoundedCopy() {
    StringBuilder text = new StringBuilder();
    StringBuilder sse = new StringBuilder(event(ROLE, "\n"));
    for (int i = 0; i < 600; i++) {
      String piece = (i % 7 == 0 ? "\n" : " ") + "word" + i + (i % 5 == 0 ? "," : "");
      text.append(piece);
      sse.append(event(content(piece.replace("\n", "\\n")), "\n"));
    }
    byte[] input = bytes(sse + event(FINISH, "\n") + event(USAGE, "\n") + "data: [DONE]\n\n");
    assertTrue(input.length > 4 * OpenAiStreamRelay.UNCOUNTED_MAX, "the stream outgrows the copy several times");
    long whole = io.switchboard.dialects.TokenEstimate.text(text.toString());
    for (int readSize : new int[] {97, 4096, OpenAiStreamRelay.UNCOUNTED_MAX + 1, input.length}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
      List<byte[]> reads = new ArrayList<>();
      for (int at = 0; at < input.length; at += readSize) {
        reads.add(java.util.Arrays.copyOfRange(input, at, Math.min(input.length, at + readSize)));
      }
      assertEquals(new String(input, StandardCharsets.UTF_8), relay(relay, reads), "readSize=" + readSize);
      assertEquals(whole, relay.estimatedOutputTokens(), "readSize=" + readSize);
    }
    OpenAiStreamRelay askedMidway = new OpenAiStreamRelay(false);
    askedMidway.accept(Buffer.buffer(java.util.Arrays.copyOfRange(input, 0, input.length / 2)));
    assertTrue(askedMidway.estimatedOutputTokens() > 0, "what passed so far is counted when asked");
    askedMidway.accept(Buffer.buffer(java.util.Arrays.copyOfRange(input, input.length / 2, input.length)));
    askedMidway.finish();
    assertEquals(whole, askedMidway.estimatedOutputTokens(), "asking midway counts nothing twice");
  }

  @Test
  void eventIsHeldUntilItsBlankLineArrives() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertEquals("", relay.accept(Buffer.buffer("data: " + HELLO + "\n")).toString());
    assertEquals(event(HELLO, "\n"), relay.accept(Buffer.buffer("\n")).toString(StandardCharsets.UTF_8));
  }

  @Test
  void chunkWithChoicesAndUsageIsNeverDropped() {
    // Some OpenAI-compatible servers put the usage on the last content chunk instead of a separate one.
    String finishWithUsage = HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"logprobs\":null,"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":4,\"total_tokens\":15}}";
    String input = event(ROLE, "\n") + event(HELLO, "\n") + event(finishWithUsage, "\n") + event("[DONE]", "\n");
    for (boolean strip : new boolean[] {false, true}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
      assertEquals(input, relay(relay, List.of(bytes(input))), "strip=" + strip);
      assertEquals(new Usage(11, 4, 0, 0, 0), relay.usage(), "strip=" + strip);
      assertTrue(relay.completed());
    }
  }

  @Test
  void usageTextInsideContentIsNeitherDroppedNorRead() {
    // What a model writes is a JSON string: its quotes arrive escaped.
    String quoting = content("the field \\\"usage\\\":{\\\"prompt_tokens\\\":99} holds counts");
    String toolArgs = HEAD + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
      + "{\"arguments\":\"{\\\"usage\\\":{\\\"prompt_tokens\\\":42}}\"}}]},\"logprobs\":null,"
      + "\"finish_reason\":null}],\"usage\":null}";
    String withoutUsage = event(ROLE, "\n") + event(quoting, "\n") + event(toolArgs, "\n") + event(FINISH, "\n")
      + event("[DONE]", "\n");
    OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
    assertEquals(withoutUsage, relay(relay, List.of(bytes(withoutUsage))));
    assertNull(relay.usage(), "text inside content was read as usage");

    String withUsage = event(ROLE, "\n") + event(quoting, "\n") + event(toolArgs, "\n") + event(FINISH, "\n")
      + event(USAGE, "\n") + event("[DONE]", "\n");
    relay = new OpenAiStreamRelay(true);
    assertEquals(withoutUsage, relay(relay, List.of(bytes(withUsage))));
    assertEquals(EXPECTED_USAGE, relay.usage());
  }

  @Test
  void finishReturnsAnUnterminatedTrailingEventAsIs() {
    String partial = "data: " + content("cut off mid-ev");
    String input = event(ROLE, "\n") + event(HELLO, "\n") + partial;
    for (boolean strip : new boolean[] {false, true}) {
      OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
      Buffer out = relay.accept(Buffer.buffer(input));
      assertEquals(event(ROLE, "\n") + event(HELLO, "\n"), out.toString(StandardCharsets.UTF_8));
      assertEquals(partial, relay.finish().toString(StandardCharsets.UTF_8));
      assertEquals(0, relay.finish().length(), "a second finish repeats the held bytes");
      assertFalse(relay.completed(), "a stream cut before [DONE] is not complete");
      assertNull(relay.usage());
    }
  }

  @Test
  void streamWithoutDoneIsNotCompleted() {
    String input = event(ROLE, "\n") + event(HELLO, "\n") + event(FINISH, "\n") + event(USAGE, "\n");
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    assertEquals(input, relay(relay, List.of(bytes(input))));
    assertFalse(relay.completed());
    assertEquals(EXPECTED_USAGE, relay.usage());
  }

  @Test
  void doneWithoutTheSpaceStillCompletesTheStream() {
    OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
    String input = "data:{\"choices\":[]}\n\ndata:[DONE]\n\n";
    assertEquals(input, relay(relay, List.of(bytes(input))));
    assertTrue(relay.completed());
  }

  @Test
  void usageIsFoundWhateverWhitespaceTheUpstreamWrites() {
    String content = "data: {\"choices\": [{\"index\": 0, \"delta\": {\"content\": \"hi\"}}], \"usage\": null}\n\n";
    String usage = "data: {\"choices\": [], \"usage\" : {\"prompt_tokens\": 7, \"completion_tokens\": 3, "
      + "\"prompt_tokens_details\": {\"cached_tokens\": 2}, \"completion_tokens_details\": {\"reasoning_tokens\": 1}}}\n\n";
    String done = "data: [DONE]\n\n";
    OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
    assertEquals(content + done, relay(relay, List.of(bytes(content + usage + done))), "the usage event was stripped");
    assertEquals(EXPECTED_USAGE, relay.usage());
  }

  @Test
  void readsThatAreSlicesOfLargerBuffersGiveTheSameBytes() {
    // the relay reads a buffer's bytes where they lie: what stands around a slice in its array is not the stream's
    String before = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":99}}\n\n";
    String after = "\n\ndata: [DONE]\n\n\"usage\":{\"prompt_tokens\":98}";
    byte[] input = bytes(stream("\n", true));
    long whole = io.switchboard.dialects.TokenEstimate.text("Hello wörld ✓");
    for (boolean strip : new boolean[] {false, true}) {
      for (int cut = 0; cut <= input.length; cut += 7) {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(strip);
        List<Buffer> outputs = new ArrayList<>();
        outputs.add(relay.accept(sliceOf(before, java.util.Arrays.copyOfRange(input, 0, cut), after)));
        outputs.add(relay.accept(sliceOf(before, java.util.Arrays.copyOfRange(input, cut, input.length), after)));
        outputs.add(relay.finish());
        Buffer all = Buffer.buffer();
        outputs.forEach(all::appendBuffer);
        String label = "strip=" + strip + " cut=" + cut;
        assertEquals(expected("\n", strip), all.toString(StandardCharsets.UTF_8), label);
        assertEquals(EXPECTED_USAGE, relay.usage(), label);
        assertTrue(relay.completed(), label);
        assertEquals(whole, relay.estimatedOutputTokens(), label);
      }
    }
  }

  /** {@code read} as a slice of a buffer that holds other bytes before and after it. */
  private static Buffer sliceOf(String before, byte[] read, String after) {
    Buffer around = Buffer.buffer(before).appendBytes(read).appendString(after);
    return around.slice(bytes(before).length, bytes(before).length + read.length);
  }

  @Test
  void aUsageEventIsReadAsItsJsonReads() {
    String usage = "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3}";
    String nullChoices = "data: {\"choices\":null," + usage + "}\n\n";
    String oddChoices = "data: {\"choices\":\"none\"," + usage + "}\n\n";
    String twice = "data: {\"usage\":{\"prompt_tokens\":1}," + usage + ",\"choices\":[]}\n\n";
    String trailing = "data: {\"choices\":[]," + usage + "} {}\n\n";
    String content = event(HELLO, "\n");
    Usage read = new Usage(7, 3, 0, 0, 0);

    OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
    assertEquals(content, relay(relay, List.of(bytes(content + nullChoices))), "null choices: a usage-only event");
    assertEquals(read, relay.usage());
    relay = new OpenAiStreamRelay(true);
    assertEquals(content + oddChoices, relay(relay, List.of(bytes(content + oddChoices))),
      "choices that are no array are not known empty: the event stays");
    assertEquals(read, relay.usage());
    relay = new OpenAiStreamRelay(true);
    assertEquals(content, relay(relay, List.of(bytes(content + twice))), "of a key given twice the last counts");
    assertEquals(read, relay.usage());
    relay = new OpenAiStreamRelay(true);
    assertEquals(content + trailing, relay(relay, List.of(bytes(content + trailing))),
      "data that is not one JSON object is no usage event");
    assertNull(relay.usage());
  }
}
