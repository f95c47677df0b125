package io.switchboard.providers.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What the scrubber hides in upstream text, and what it leaves alone. */
class SecretScrubberTest {
  private final SecretScrubber scrubber = SecretScrubber.of("AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1",
    "https://bedrock-runtime.us-east-1.amazonaws.com");

  @Test
  void everyCommonKeyShapeIsHiddenWhoeverItBelongsTo() {
    String[] keys = {"sk-proj-Ab3dEfGhIjKlMnOpQrStUvWx", "sk-ant-api03-AbCdEf012345-xyz_Q", "sk-abc123***wxyz",
      "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", "ASIAY34FZKBOKMUTVV7A", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "0123456789abcdef0123456789ABCDEF", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"};
    for (String key : keys) {
      assertEquals("Incorrect API key provided: [redacted].",
        scrubber.scrub("Incorrect API key provided: " + key + "."), key);
    }
  }

  @Test
  void theAccountsOwnCredentialItsPartsAndItsWhereaboutsAreHidden() {
    assertEquals("key [redacted] or [redacted] or [redacted] at https://[upstream]/model and [upstream]:8443",
      scrubber.scrub("key AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1 or AKIAIOSFODNN7EXAMPLE or "
        + "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1 at https://Bedrock-Runtime.us-east-1.amazonaws.com/model and "
        + "10.2.33.4:8443"));
    assertEquals("again [redacted] at [upstream]", scrubber.scrub("again wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY1 at "
      + "bedrock-runtime.us-east-1.amazonaws.com"), "what it worked out on its first scrub serves the next");
    SecretScrubber json = SecretScrubber.of("{\"accessKeyId\":\"AKIDJSONEXAMPLE1\",\"secretAccessKey\":\"s3cr3t-value\"}",
      null);
    assertEquals("[redacted] and [redacted]", json.scrub("AKIDJSONEXAMPLE1 and s3cr3t-value"));
    assertEquals("again [redacted]", json.scrub("again s3cr3t-value"),
      "the parts it worked out on its first scrub (no key shape matches this one) serve the next");
  }

  @Test
  void ipv6AddressesAreHiddenInEveryForm() {
    assertEquals("connect to [upstream] port 443 failed; [[upstream]]:8443; from [upstream] or [upstream]",
      scrubber.scrub("connect to 2600:1f18:24e6:b900:ee6a:1c07:7d2b:43a1 port 443 failed; [2001:db8::1]:8443; "
        + "from fe80::1%eth0 or ::1"));
    assertEquals("upstream ::ffff:[upstream] reset", scrubber.scrub("upstream ::ffff:10.1.2.3 reset"),
      "a mapped address loses its IPv4 part");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String text = "The model gpt-4o-mini does not exist (request req_0123456789abcdef0123456789abcdef, "
      + "digest da39a3ee5e6b4b0d3255bfef95601890afd80709, version 1.2.3, 529 Overloaded) at 12:30:45 UTC in "
      + "Decoder::add, std::string, a::b, device 00:1a:2b:3c:4d:5e, ratio 3:2, see docs::1a2b:: and \"a:b:c\".";
    assertEquals(text, scrubber.scrub(text));
  }

  @Test
  void everyStringOfAJsonErrorIsScrubbedGeminisDetailsToo() {
    JsonObject google = new JsonObject("{\"error\":{\"code\":400,\"message\":\"API key not valid: AIzaSyD-9tSrke72Pou"
      + "QMnMX-a7eZSW0jkFMBWY\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rp"
      + "c.ErrorInfo\",\"reason\":\"API_KEY_INVALID\",\"metadata\":{\"key\":\"AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY\","
      + "\"host\":\"bedrock-runtime.us-east-1.amazonaws.com\"}}]}}");

    JsonObject clean = scrubber.scrub(google);

    assertFalse(clean.encode().contains("AIza"), clean.encode());
    assertFalse(clean.encode().contains("amazonaws"), clean.encode());
    assertEquals(400, clean.getJsonObject("error").getInteger("code"));
    assertEquals("API_KEY_INVALID", clean.getJsonObject("error").getJsonArray("details").getJsonObject(0)
      .getString("reason"));
  }
}
