package io.switchboard.dialects.reasoning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.Dialect;
import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.ChatResponse;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.StopReason;
import io.switchboard.api.chat.StreamEvent;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed reasoning goes back only to the family that made it, sealed on its way through other dialects. */
class SignedReasoningTest {
  private static final String ANTHROPIC_SIG = "EqQBCkYIBRgCKkBzaWduYXR1cmU=";
  private static final String OPENAI_BLOB = "gAAAAABoVk1b-x_y";

  @Test
  void aSealIsBase64InEitherAlphabetAndOpensToItsOriginal() {
    for (String original : List.of(ANTHROPIC_SIG, OPENAI_BLOB, "Grüße ✓", "x")) {
      String sealed = ReasoningSeal.seal(ReasoningFamily.ANTHROPIC, original);
      assertTrue(sealed.matches("[A-Za-z0-9]+") && sealed.length() % 4 == 0, sealed);
      assertEquals(sealed, Base64.getEncoder().encodeToString(Base64.getDecoder().decode(sealed)),
        "a Gemini client decoding and encoding it again changes nothing");
      assertEquals(new ReasoningSeal.Opened(ReasoningFamily.ANTHROPIC, original), ReasoningSeal.open(sealed, null));
    }
    assertEquals(new ReasoningSeal.Opened(ReasoningFamily.OPENAI, OPENAI_BLOB),
      ReasoningSeal.open(OPENAI_BLOB, ReasoningFamily.OPENAI), "an unsealed value is the client's own family's");
    assertEquals(new ReasoningSeal.Opened(null, "SBRZ00"), ReasoningSeal.open("SBRZ00", null));
  }

  @Test
  void towardsAnUpstreamOnlyItsFamilysSignaturesStayAndSealsOpen() {
    CanonicalRequest request = new CanonicalRequest("m", List.of(), List.of(
      new Message(Role.USER, List.of(Part.Text.of("q"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("mine", ANTHROPIC_SIG), Part.Text.of("a"))),
      new Message(Role.ASSISTANT, List.of(new Part.Thinking("theirs", ReasoningSeal.seal(ReasoningFamily.GEMINI, "g")),
        new Part.RedactedThinking(ReasoningSeal.seal(ReasoningFamily.ANTHROPIC, "r")), new Part.Thinking("plain", null)))),
      null, null, null, null, null, null, null, null, null, null, null, false);

    CanonicalRequest toBedrock = SignedReasoning.forUpstream(request, Dialect.ANTHROPIC, ReasoningFamily.ANTHROPIC);
    assertEquals(List.of(new Part.Thinking("mine", ANTHROPIC_SIG), Part.Text.of("a")),
      toBedrock.messages().get(1).parts());
    assertEquals(List.of(new Part.RedactedThinking("r"), new Part.Thinking("plain", null)),
      toBedrock.messages().get(2).parts());

    CanonicalRequest toGemini = SignedReasoning.forUpstream(request, Dialect.ANTHROPIC, ReasoningFamily.GEMINI);
    assertEquals(List.of(Part.Text.of("a")), toGemini.messages().get(1).parts());
    assertEquals(List.of(new Part.Thinking("theirs", "g"), new Part.Thinking("plain", null)),
      toGemini.messages().get(2).parts());

    CanonicalRequest unsigned = new CanonicalRequest("m", List.of(), List.of(new Message(Role.USER,
      List.of(Part.Text.of("q")))), null, null, null, null, null, null, null, null, null, null, null, false);
    assertSame(unsigned, SignedReasoning.forUpstream(unsigned, Dialect.RESPONSES, null), "nothing to change");
  }

  @Test
  void answersForAnotherFamilysClientsAreSealed() {
    assertTrue(SignedReasoning.seals(Dialect.RESPONSES, ReasoningFamily.ANTHROPIC));
    assertTrue(SignedReasoning.seals(Dialect.OPENAI, ReasoningFamily.GEMINI));
    assertEquals(false, SignedReasoning.seals(Dialect.ANTHROPIC, ReasoningFamily.ANTHROPIC));
    assertEquals(false, SignedReasoning.seals(Dialect.ANTHROPIC, null));
    ChatResponse sealed = SignedReasoning.sealed(new ChatResponse("id", "m", List.of(
      new Part.Thinking("t", ANTHROPIC_SIG), Part.Text.of("x")), StopReason.END_TURN, null, null),
      ReasoningFamily.ANTHROPIC);
    assertEquals(new Part.Thinking("t", ReasoningSeal.seal(ReasoningFamily.ANTHROPIC, ANTHROPIC_SIG)),
      sealed.content().get(0));
    assertEquals(new StreamEvent.SignatureDelta(0, ReasoningSeal.seal(ReasoningFamily.GEMINI, "g")),
      SignedReasoning.sealed(new StreamEvent.SignatureDelta(0, "g"), ReasoningFamily.GEMINI));
  }

  @Test
  void passedThroughBodiesLoseWhatTheUpstreamCannotVerify() {
    JsonObject anthropic = new JsonObject("""
      {"model":"m","messages":[{"role":"assistant","content":[
        {"type":"thinking","thinking":"mine","signature":"%s"},
        {"type":"thinking","thinking":"theirs","signature":"%s"},
        {"type":"redacted_thinking","data":"%s"},
        {"type":"text","text":"a"}]}]}""".formatted(ANTHROPIC_SIG, ReasoningSeal.seal(ReasoningFamily.OPENAI, "o"),
      ReasoningSeal.seal(ReasoningFamily.ANTHROPIC, "r")));
    JsonObject sent = anthropic.copy();
    assertEquals(new JsonObject("""
      {"model":"m","messages":[{"role":"assistant","content":[
        {"type":"thinking","thinking":"mine","signature":"%s"},
        {"type":"redacted_thinking","data":"r"},
        {"type":"text","text":"a"}]}]}""".formatted(ANTHROPIC_SIG)),
      PassThroughReasoning.forUpstream(Dialect.ANTHROPIC, anthropic, ReasoningFamily.ANTHROPIC));
    assertEquals(sent, anthropic, "the client's body as it came, for a failover");

    JsonObject responses = new JsonObject("""
      {"model":"m","input":[{"type":"reasoning","summary":[],"encrypted_content":"%s"},
        {"type":"reasoning","summary":[],"encrypted_content":"%s"},{"role":"user","content":"q"}]}"""
      .formatted(OPENAI_BLOB, ReasoningSeal.seal(ReasoningFamily.ANTHROPIC, ANTHROPIC_SIG)));
    assertEquals(new JsonObject("""
      {"model":"m","input":[{"type":"reasoning","summary":[],"encrypted_content":"%s"},
        {"role":"user","content":"q"}]}""".formatted(OPENAI_BLOB)),
      PassThroughReasoning.forUpstream(Dialect.RESPONSES, responses, ReasoningFamily.OPENAI));
    assertEquals(new JsonObject("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"q\"}]}"),
      PassThroughReasoning.forUpstream(Dialect.RESPONSES, responses, null), "a server that verifies nothing");

    JsonObject gemini = new JsonObject("""
      {"contents":[{"role":"model","parts":[{"text":"t","thought":true,"thoughtSignature":"%s"},
        {"functionCall":{"name":"f","args":{}},"thoughtSignature":"%s"}]}]}"""
      .formatted(ReasoningSeal.seal(ReasoningFamily.GEMINI, "own"), ReasoningSeal.seal(ReasoningFamily.OPENAI, "o")));
    assertEquals(new JsonObject("""
      {"contents":[{"role":"model","parts":[{"text":"t","thought":true,"thoughtSignature":"own"},
        {"functionCall":{"name":"f","args":{}}}]}]}"""),
      PassThroughReasoning.forUpstream(Dialect.GEMINI, gemini, ReasoningFamily.GEMINI));
    assertSame(gemini, PassThroughReasoning.forUpstream(Dialect.OPENAI, gemini, ReasoningFamily.OPENAI));
  }
}
