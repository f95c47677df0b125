package io.switchboard.dialects.gemini;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts between JSON Schema (what OpenAI and Anthropic clients send) and Gemini's {@code Schema}, an OpenAPI
 * 3.0 subset that answers 400 to any keyword outside it. Cleaning keeps Gemini's keywords and rewrites what has
 * an equivalent: local {@code $ref}s are inlined, {@code const} becomes a one-value {@code enum}, type lists and
 * {@code null} branches become {@code nullable}, {@code oneOf} becomes {@code anyOf}. Everything else
 * ({@code $schema}, {@code $id}, {@code $defs}, {@code additionalProperties}, {@code strict}, {@code examples},
 * {@code exclusiveMinimum}, ...) is dropped.
 */
final class GeminiSchemas {
  private static final Set<String> COPIED = Set.of("title", "description", "pattern", "example", "default",
    "propertyOrdering");
  private static final Set<String> COUNTS = Set.of("minItems", "maxItems", "minProperties", "maxProperties",
    "minLength", "maxLength", "minimum", "maximum");
  // Gemini rejects other formats ("only 'enum' and 'date-time' are supported for STRING type")
  private static final Map<String, Set<String>> FORMATS = Map.of("string", Set.of("enum", "date-time"),
    "integer", Set.of("int32", "int64"), "number", Set.of("float", "double"));
  private static final int MAX_REF_EXPANSIONS = 256;

  private GeminiSchemas() {
  }

  /**
   * The schema cleaned, or null when it is an object without properties: Gemini answers 400 ("properties: should
   * be non-empty for OBJECT type"), so a tool without arguments sends no parameters at all.
   */
  static JsonObject cleanObject(JsonObject schema) {
    if (schema == null) {
      return null;
    }
    JsonObject cleaned = clean(schema);
    return cleaned.getValue("properties") == null && "object".equals(cleaned.getValue("type")) ? null : cleaned;
  }

  /** The schema with only what Gemini's {@code Schema} accepts. */
  static JsonObject clean(JsonObject schema) {
    return new Cleaner(schema).node(schema);
  }

  /** A Gemini {@code Schema} as JSON Schema for other dialects: lower-case types, {@code nullable} as a type list. */
  static JsonObject toJsonSchema(JsonObject schema) {
    JsonObject out = new JsonObject();
    for (Map.Entry<String, Object> e : schema) {
      Object value = e.getValue();
      switch (e.getKey()) {
        case "type" -> out.put("type", value instanceof String t ? t.toLowerCase(Locale.ROOT) : value);
        case "nullable" -> { } // folded into "type" below
        case "items" -> out.put("items", value instanceof JsonObject o ? toJsonSchema(o) : value);
        case "properties" -> out.put("properties", value instanceof JsonObject p ? mapValues(p) : value);
        case "anyOf" -> out.put("anyOf", value instanceof JsonArray a ? mapSchemas(a) : value);
        default -> out.put(e.getKey(), value);
      }
    }
    if (Boolean.TRUE.equals(schema.getValue("nullable")) && out.getValue("type") instanceof String t) {
      out.put("type", new JsonArray().add(t).add("null"));
    }
    return out;
  }

  private static JsonObject mapValues(JsonObject properties) {
    JsonObject out = new JsonObject();
    properties.forEach(e -> out.put(e.getKey(), e.getValue() instanceof JsonObject o ? toJsonSchema(o) : e.getValue()));
    return out;
  }

  private static JsonArray mapSchemas(JsonArray schemas) {
    JsonArray out = new JsonArray();
    schemas.forEach(s -> out.add(s instanceof JsonObject o ? toJsonSchema(o) : s));
    return out;
  }

  /** One cleaning pass; holds the root so local {@code $ref}s can be followed. */
  private static final class Cleaner {
    private final JsonObject root;
    // refs being inlined on the current path: a recursive schema is cut there to a plain object
    private final Set<String> expanding = new HashSet<>();
    // refs that fan out (A uses B twice, B uses C twice, ...) grow exponentially: a small body must not do that
    private int expansionsLeft = MAX_REF_EXPANSIONS;

    Cleaner(JsonObject root) {
      this.root = root;
    }

    JsonObject node(JsonObject in) {
      if (in.getValue("$ref") instanceof String ref) {
        return inline(ref, in);
      }
      JsonObject out = new JsonObject();
      boolean nullable = Boolean.TRUE.equals(in.getValue("nullable"));
      JsonArray branches = anyOf(in);
      Object type = in.getValue("type");
      if (type instanceof JsonArray list) {
        // ["string", "null"] is a nullable string; several real types are a choice between them
        nullable |= list.contains("null");
        List<String> types = new ArrayList<>();
        list.forEach(t -> {
          if (t instanceof String name && !name.equals("null")) {
            types.add(name);
          }
        });
        type = types.size() == 1 ? types.get(0) : null;
        if (types.size() > 1) {
          branches = new JsonArray();
          for (String t : types) {
            branches.add(new JsonObject().put("type", t));
          }
        }
      }
      if ("null".equals(type)) {
        nullable = true;
      } else if (type instanceof String t) {
        out.put("type", t);
      }
      keywords(in, out);
      required(in, out);
      nullable |= choice(branches, out);
      // a single allOf branch is the schema itself; several would need merging Gemini cannot check: dropped
      if (in.getValue("allOf") instanceof JsonArray all && all.size() == 1
        && all.getValue(0) instanceof JsonObject one) {
        node(one).forEach(e -> out.getMap().putIfAbsent(e.getKey(), e.getValue()));
      }
      impliedType(out);
      if (nullable) {
        out.put("nullable", true);
      }
      return out;
    }

    /** The referenced schema in place of the reference; keywords beside the $ref (often a description) win. */
    private JsonObject inline(String ref, JsonObject in) {
      JsonObject target = expanding.contains(ref) || expansionsLeft-- <= 0 ? null : resolve(ref);
      JsonObject merged = target == null ? new JsonObject().put("type", "object") : target.copy();
      in.forEach(e -> {
        if (!e.getKey().equals("$ref")) {
          merged.put(e.getKey(), e.getValue());
        }
      });
      expanding.add(ref);
      try {
        return node(merged);
      } finally {
        expanding.remove(ref);
      }
    }

    /** Copies the keywords Gemini knows, cleaning nested schemas; anything else is left behind. */
    private void keywords(JsonObject in, JsonObject out) {
      String type = out.getString("type");
      for (Map.Entry<String, Object> e : in) {
        String key = e.getKey();
        Object value = e.getValue();
        if (COPIED.contains(key) || COUNTS.contains(key) && value instanceof Number) {
          out.put(key, value);
        } else if (key.equals("format") && value instanceof String f && type != null
          && FORMATS.getOrDefault(type.toLowerCase(Locale.ROOT), Set.of()).contains(f)) {
          out.put(key, f);
        } else if (key.equals("enum") && value instanceof JsonArray values) {
          out.put(key, values.copy());
        } else if (key.equals("const") && value instanceof String c && !in.containsKey("enum")) {
          out.put("enum", new JsonArray().add(c)); // Gemini's enum holds strings only: other consts are dropped
        } else if (key.equals("items") && value instanceof JsonObject items) {
          out.put(key, node(items));
        } else if (key.equals("properties") && value instanceof JsonObject properties && !properties.isEmpty()) {
          JsonObject cleaned = new JsonObject();
          properties.forEach(p -> {
            if (p.getValue() instanceof JsonObject schema) {
              cleaned.put(p.getKey(), node(schema));
            }
          });
          out.put(key, cleaned);
        }
      }
    }

    /**
     * Writes anyOf without its null branch (returned as "nullable" instead); a choice left with one branch is
     * that branch.
     */
    private static boolean choice(JsonArray branches, JsonObject out) {
      if (branches == null) {
        return false;
      }
      boolean nullable = false;
      List<Object> kept = new ArrayList<>();
      for (Object b : branches) {
        if (b instanceof JsonObject branch && branch.size() == 1
          && Boolean.TRUE.equals(branch.getValue("nullable"))) {
          nullable = true; // a {"type":"null"} branch, already cleaned to {"nullable":true}
        } else if (!(b instanceof JsonObject branch && branch.isEmpty())) {
          kept.add(b);
        }
      }
      if (kept.size() == 1 && kept.get(0) instanceof JsonObject only && !out.containsKey("type")) {
        only.forEach(e -> out.getMap().putIfAbsent(e.getKey(), e.getValue()));
      } else if (!kept.isEmpty()) {
        out.put("anyOf", new JsonArray(kept));
      }
      return nullable;
    }

    /** Gemini wants the type said where JSON Schema lets it be implied. */
    private static void impliedType(JsonObject out) {
      if (out.containsKey("type") || out.containsKey("anyOf")) {
        return;
      }
      if (out.getValue("enum") instanceof JsonArray values && values.stream().allMatch(String.class::isInstance)) {
        out.put("type", "string"); // Gemini takes enum on strings only
      } else if (out.containsKey("properties")) {
        out.put("type", "object");
      } else if (out.containsKey("items")) {
        out.put("type", "array");
      }
    }

    private JsonArray anyOf(JsonObject in) {
      Object list = in.getValue("anyOf") instanceof JsonArray a ? a : in.getValue("oneOf");
      if (!(list instanceof JsonArray branches)) {
        return null;
      }
      JsonArray out = new JsonArray();
      branches.forEach(b -> {
        if (b instanceof JsonObject branch) {
          out.add(node(branch));
        }
      });
      return out;
    }

    /** Keeps {@code required} names that exist: Gemini rejects a required property it was not given. */
    private static void required(JsonObject in, JsonObject out) {
      if (!(in.getValue("required") instanceof JsonArray names)) {
        return;
      }
      JsonObject properties = out.getJsonObject("properties");
      Set<String> seen = new HashSet<>();
      JsonArray kept = new JsonArray();
      for (Object name : names) {
        if (name instanceof String n && properties != null && properties.containsKey(n) && seen.add(n)) {
          kept.add(n);
        }
      }
      if (!kept.isEmpty()) {
        out.put("required", kept);
      }
    }

    /** A local reference ({@code #/$defs/X}, {@code #/definitions/X}, any {@code #/a/b} path), or null. */
    private JsonObject resolve(String ref) {
      if (!ref.startsWith("#")) {
        return null;
      }
      Object at = root;
      for (String step : ref.substring(1).split("/")) {
        if (step.isEmpty()) {
          continue;
        }
        String key = step.replace("~1", "/").replace("~0", "~");
        at = at instanceof JsonObject o ? o.getValue(key) : null;
      }
      return at instanceof JsonObject target ? target : null;
    }
  }
}
