package io.switchboard.dialects.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.api.chat.CanonicalRequest;
import io.switchboard.api.chat.Message;
import io.switchboard.api.chat.Part;
import io.switchboard.api.chat.Role;
import io.switchboard.api.chat.Tool;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JSON Schema cleaned to the subset Gemini accepts, and Gemini schemas read back as JSON Schema. */
class GeminiSchemasTest {

  /**
   * Every keyword Gemini rejects, in one Claude-Code-like tool schema: $schema, $id, $defs/definitions (refs
   * inlined), additionalProperties, strict, defer_loading, examples, exclusiveMinimum/Maximum, uniqueItems,
   * contains, propertyNames, patternProperties, if/then, not, deprecated, readOnly, $comment; const, type lists,
   * null branches and oneOf rewritten; formats Gemini does not know dropped; unknown required names dropped.
   */
  @Test
  void toolSchemaFullOfRejectedKeywordsIsCleaned() {
    assertEquals(GoldenFiles.json("tool-schema-cleaned.json"),
      GeminiSchemas.clean(GoldenFiles.json("tool-schema-dirty.json")));
  }

  @Test
  void toolParametersGoInTheRequestCleaned() {
    JsonObject dirty = GoldenFiles.json("tool-schema-dirty.json");
    JsonObject body = new GeminiWireFormat().encodeRequest(new CanonicalRequest("gemini-2.5-pro", null,
      List.of(new Message(Role.USER, List.of(Part.Text.of("edit")))), List.of(new Tool("Edit", "Edit a file", dirty)),
      null, null, null, null, null, null, null, null, null, null, false));
    assertEquals(GoldenFiles.json("tool-schema-cleaned.json"), body.getJsonArray("tools").getJsonObject(0)
      .getJsonArray("functionDeclarations").getJsonObject(0).getJsonObject("parameters"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    // Gemini answers 400 "properties: should be non-empty for OBJECT type": a tool without arguments sends none
    "empty properties     | {\"type\":\"object\",\"properties\":{}}",
    "no properties        | {\"type\":\"object\"}",
    "only rejected ones   | {\"$schema\":\"x\",\"type\":\"object\",\"additionalProperties\":false}",
  })
  void parametersWithoutPropertiesAreLeftOut(String label, String schema) {
    assertNull(GeminiSchemas.cleanObject(new JsonObject(schema)));
  }

  @Test
  void aRecursiveReferenceIsCutToAPlainObject() {
    JsonObject schema = new JsonObject("{\"type\":\"object\",\"properties\":{\"self\":{\"$ref\":\"#\"},"
      + "\"n\":{\"type\":\"integer\"}}}");
    assertEquals(new JsonObject("{\"type\":\"object\",\"properties\":{\"self\":{\"type\":\"object\",\"properties\":"
      + "{\"self\":{\"type\":\"object\"},\"n\":{\"type\":\"integer\"}}},\"n\":{\"type\":\"integer\"}}}"),
      GeminiSchemas.clean(schema));
  }

  @Test
  void anUnresolvableReferenceBecomesAPlainObject() {
    assertEquals(new JsonObject("{\"type\":\"object\",\"description\":\"remote\"}"), GeminiSchemas.clean(
      new JsonObject("{\"$ref\":\"https://example.com/other.json\",\"description\":\"remote\"}")));
  }

  @Test
  void referencesThatFanOutAreCappedNotExpandedExponentially() {
    JsonObject defs = new JsonObject();
    for (int i = 0; i < 30; i++) {
      JsonObject next = new JsonObject().put("$ref", "#/$defs/D" + (i + 1));
      defs.put("D" + i, new JsonObject().put("type", "object")
        .put("properties", new JsonObject().put("left", next).put("right", next.copy())));
    }
    defs.put("D30", new JsonObject().put("type", "string"));
    JsonObject schema = new JsonObject().put("$defs", defs).put("$ref", "#/$defs/D0");
    // 2^30 leaves uncapped; with the cap a few hundred inlined objects, the rest cut to {"type":"object"}
    String cleaned = GeminiSchemas.clean(schema).encode();
    assertTrue(cleaned.length() < 100_000, "cleaned schema is " + cleaned.length() + " chars");
    assertTrue(cleaned.contains("\"right\":{\"type\":\"object\"}"), "past the cap a ref is a plain object");
  }

  @Test
  void geminiSchemaReadsBackAsJsonSchema() {
    JsonObject gemini = new JsonObject("{\"type\":\"OBJECT\",\"properties\":{\"tags\":{\"type\":\"ARRAY\","
      + "\"items\":{\"type\":\"STRING\",\"nullable\":true}},\"kind\":{\"anyOf\":[{\"type\":\"INTEGER\"},"
      + "{\"type\":\"STRING\",\"format\":\"enum\",\"enum\":[\"a\"]}]}},\"required\":[\"tags\"],"
      + "\"propertyOrdering\":[\"tags\",\"kind\"]}");
    assertEquals(new JsonObject("{\"type\":\"object\",\"properties\":{\"tags\":{\"type\":\"array\","
      + "\"items\":{\"type\":[\"string\",\"null\"]}},\"kind\":{\"anyOf\":[{\"type\":\"integer\"},"
      + "{\"type\":\"string\",\"format\":\"enum\",\"enum\":[\"a\"]}]}},\"required\":[\"tags\"],"
      + "\"propertyOrdering\":[\"tags\",\"kind\"]}"), GeminiSchemas.toJsonSchema(gemini));
  }
}
