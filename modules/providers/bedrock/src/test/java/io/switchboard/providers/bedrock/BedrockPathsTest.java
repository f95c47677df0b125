package io.switchboard.providers.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** The InvokeModel URLs, with model ids encoded the way the AWS SDK encodes its path labels. */
class BedrockPathsTest {

  private static final String BASE = "https://bedrock-runtime.us-east-1.amazonaws.com";

  @Test
  void invoke() {
    assertEquals(BASE + "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke",
      BedrockPaths.invoke(BASE, "anthropic.claude-3-5-sonnet-20240620-v1:0"));
  }

  @Test
  void invokeWithResponseStream() {
    assertEquals(BASE + "/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/invoke-with-response-stream",
      BedrockPaths.invokeWithResponseStream(BASE, "anthropic.claude-3-5-sonnet-20240620-v1:0"));
  }

  @Test
  void trailingSlashOnTheBaseUrlIsNotDoubled() {
    assertEquals(BASE + "/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/invoke",
      BedrockPaths.invoke(BASE + "/", "us.anthropic.claude-sonnet-4-20250514-v1:0"));
  }

  @Test
  void inferenceProfileArnStaysOneSegment() {
    assertEquals(BASE + "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2F"
        + "us.anthropic.claude-3-7-sonnet-20250219-v1%3A0/invoke",
      BedrockPaths.invoke(BASE, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
        + "us.anthropic.claude-3-7-sonnet-20250219-v1:0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic.claude-3-5-sonnet-20240620-v1:0", "anthropic.claude-3-haiku-20240307-v1:0:200k",
    "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3", "odd name~*+ü!'()"})
  void encodingMatchesTheAwsSdk(String modelId) {
    assertEquals(SdkHttpUtils.urlEncode(modelId), BedrockPaths.encode(modelId));
  }
}
