package io.switchboard.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Configured fields and credential-shaped text never reach the stored body. */
class BodyRedactionTest {
  private final BodyRedaction redaction = new BodyRedaction(List.of("password", "api_key"));

  @Test
  void configuredFieldsAtAnyDepthEvenInCutJson() {
    assertEquals("{\"user\":{\"password\":\"[redacted]\",\"name\":\"ann\"},\"API_KEY\":\"[redacted]\"}",
      redaction.apply("{\"user\":{\"password\":\"hunter2 \\\"quoted\\\"\",\"name\":\"ann\"},\"API_KEY\":12345}"));
    assertEquals("{\"a\":1,\"password\":\"[redacted]\"", redaction.apply("{\"a\":1,\"password\":\"cut in the midd"),
      "a body cut inside the value");
  }

  @Test
  void credentialShapedTextAnywhere() {
    assertEquals("keys [redacted], [redacted], [redacted] and [redacted]; [redacted]",
      redaction.apply("keys sk-proj-abcdefghijklmnop1234, sk-ant-api03-abcdefghijklmnopqrs, AKIAIOSFODNN7EXAMPLE and "
        + "AIzaSyA1234567890abcdefghijklmnopqrstuv; Bearer abcdefghijklmnopqrstuvwxyz"));
    assertEquals("plain words stay, even sk-short", redaction.apply("plain words stay, even sk-short"));
  }
}
