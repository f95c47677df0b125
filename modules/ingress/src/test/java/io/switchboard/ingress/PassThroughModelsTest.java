package io.switchboard.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/** The model a pass-through request names: in its path, its JSON body or its multipart form. */
class PassThroughModelsTest {

  @Test
  void aPathSegmentNamesIt() {
    Buffer none = Buffer.buffer();
    assertEquals("gemini-2.5-pro", PassThroughModels.of("/v1beta/models/gemini-2.5-pro:countTokens", null, none, true));
    assertEquals("my-gpt4o", PassThroughModels.of("/openai/deployments/my-gpt4o/images/generations", null, none, true));
    assertEquals("anthropic.claude-v2:1", PassThroughModels.of("/model/anthropic.claude-v2%3A1/invoke", null, none,
      true), "decoded; a colon after the segment is an action, an encoded one is the name's");
    assertNull(PassThroughModels.of("/v1/files/file-1/content", null, none, true));
  }

  @Test
  void aBodyNamesIt() {
    assertEquals("dall-e-3", PassThroughModels.of("/images/generations", "application/json",
      Buffer.buffer("{\"prompt\":\"a \\\"model\\\": x\",\"model\":\"dall-e-3\"}"), true), "the top-level field");
    assertEquals("tts-1", PassThroughModels.of("/audio/speech", "application/json",
      Buffer.buffer("{\"model\":\"tts-1\",\"input\":\"very long..."), false), "the start of a body that goes on");
    Buffer form = Buffer.buffer("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp3\"\r\n\r\nxx\r\n"
      + "--b\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n--b--\r\n");
    assertEquals("whisper-1", PassThroughModels.of("/audio/transcriptions", "multipart/form-data; boundary=b", form,
      true));
    assertNull(PassThroughModels.of("/moderations", "text/plain", Buffer.buffer("model: x"), true));
  }
}
