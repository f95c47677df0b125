package io.switchboard.providers.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The credential forms a Bedrock account may hold, and that none of them leaks its secret. */
class BedrockCredentialsTest {

  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE+TOKEN/abc==";

  @Test
  void keyAndSecret() {
    assertEquals(new BedrockCredentials("AKIDEXAMPLE", SECRET, null, null),
      BedrockCredentials.parse("AKIDEXAMPLE:" + SECRET));
  }

  @Test
  void keySecretAndSessionToken() {
    assertEquals(new BedrockCredentials("ASIAEXAMPLE", SECRET, TOKEN, null),
      BedrockCredentials.parse(" ASIAEXAMPLE:" + SECRET + ":" + TOKEN + "\n"));
  }

  @Test
  void jsonWithEveryField() {
    String json = "{\"accessKeyId\":\"ASIAEXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":\"" + TOKEN
      + "\",\"region\":\"eu-central-1\"}";
    assertEquals(new BedrockCredentials("ASIAEXAMPLE", SECRET, TOKEN, "eu-central-1"), BedrockCredentials.parse(json));
  }

  @Test
  void jsonWithKeyAndSecretOnly() {
    String json = "{\"accessKeyId\":\"AKIDEXAMPLE\",\"secretAccessKey\":\"" + SECRET + "\",\"sessionToken\":null}";
    assertEquals(new BedrockCredentials("AKIDEXAMPLE", SECRET, null, null), BedrockCredentials.parse(json));
  }

  @Test
  void toStringShowsTheKeyIdButNoSecret() {
    BedrockCredentials credentials = new BedrockCredentials("ASIAEXAMPLE", SECRET, TOKEN, "us-west-2");
    String text = credentials.toString();
    assertTrue(text.contains("ASIAEXAMPLE") && text.contains("us-west-2"), text);
    assertFalse(text.contains(SECRET), text);
    assertFalse(text.contains(TOKEN), text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "   ", "AKIDONLY", "a:b:c:d", "AKID::", ":" + SECRET, "AKID: :token",
    "{\"accessKeyId\":\"AKID\"}", "{\"secretAccessKey\":\"" + SECRET + "\"}",
    "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":42}", "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"\"}",
    "{\"accessKeyId\":\"AKID\",\"secretAccessKey\":\"" + SECRET + "\"", "[\"AKID\"]"
  })
  void malformedCredentialsAreRefusedWithoutQuotingThem(String credential) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
      () -> BedrockCredentials.parse(credential));
    assertTrue(e.getMessage().startsWith("Bedrock credential"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertEquals(null, e.getCause());
  }

  @Test
  void nullIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> BedrockCredentials.parse(null));
  }
}
