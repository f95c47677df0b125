package io.switchboard.app;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Hostile requests made from one valid request of a route: malformed and deeply nested JSON, invalid UTF-8, control
 * characters and empty or huge strings in every string field, every field given every wrong type, huge and duplicate
 * headers, wrong content types. Each case says which route it hits, so its answer can be checked for that route's
 * error shape.
 */
final class FuzzCases {
  /** A route under fuzz: how a valid request to it looks, and what its error bodies look like. */
  record Route(String name, HttpMethod method, String path, MultiMap headers, JsonObject body,
               Predicate<JsonObject> errorShape) {
  }

  /** One request to send. */
  record Case(Route route, String what, HttpMethod method, String path, MultiMap headers, Buffer body) {
  }

  private static final int DEEP = 100_000;
  /** Wrong values for a field of any type. */
  private static final List<Object> WRONG_TYPES = List.of(0, -1, 1.5, true, "s", new JsonArray(), new JsonObject(),
    new JsonArray().add(1), new JsonObject().put("x", 1), new BigInteger("123456789012345678901234567890"));
  private static final List<String> HOSTILE_STRINGS = List.of("", "\u0000", "a\u0000b", "\u0001\u0002\u001f\u007f",
    "\r\n\t", "\ud800", "\uffff\ufffe", "\u202e\u2028", "x".repeat(100_000));
  private static final List<byte[]> INVALID_UTF8 = List.of(bytes(0xC3, 0x28), bytes(0xFF), bytes(0xC0, 0xAF),
    bytes(0x80), bytes(0xED, 0xA0, 0x80), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xE2, 0x82));

  private FuzzCases() {
  }

  /** Every case for one route; {@code hugeBytes} is a string length over the gateway's body limit. */
  static List<Case> of(Route route, int hugeBytes) {
    List<Case> cases = new ArrayList<>();
    String valid = route.body().encode();
    for (String malformed : List.of("", "{", "}", "[", "nul", "{'a':1}", "{\"a\":1,}", "{\"a\" 1}", "[]", "1",
      "\"text\"", "null", "true", valid + "garbage", valid + valid, "\u0000" + valid, valid.replace("\"", "'"))) {
      cases.add(body(route, "malformed: " + abbreviate(malformed), Buffer.buffer(malformed)));
    }
    for (int cut = 1; cut < 8; cut++) {
      cases.add(body(route, "truncated at " + cut + "/8", Buffer.buffer(valid.substring(0, valid.length() * cut / 8))));
    }
    cases.add(body(route, "arrays nested 100000 deep", Buffer.buffer("[".repeat(DEEP) + "]".repeat(DEEP))));
    cases.add(body(route, "objects nested 100000 deep", Buffer.buffer("{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP))));
    cases.add(body(route, "a field nested 100000 deep", Buffer.buffer(valid.substring(0, valid.length() - 1)
      + ",\"deep\":" + "[".repeat(DEEP) + "]".repeat(DEEP) + "}")));
    cases.add(body(route, "a field nested 900 deep", Buffer.buffer(valid.substring(0, valid.length() - 1)
      + ",\"deep\":" + "{\"a\":".repeat(900) + "1" + "}".repeat(900) + "}")));
    List<List<Object>> paths = new ArrayList<>();
    collectPaths(route.body(), new ArrayList<>(), paths);
    for (List<Object> path : paths) {
      Object current = valueAt(route.body(), path);
      for (Object wrong : WRONG_TYPES) {
        if (!sameKind(current, wrong)) {
          cases.add(body(route, "wrong type at " + path + ": " + abbreviate(String.valueOf(wrong)),
            replaced(route.body(), path, wrong).toBuffer()));
        }
      }
      cases.add(body(route, "null at " + path, replaced(route.body(), path, null).toBuffer()));
      if (current instanceof String text) {
        for (String hostile : HOSTILE_STRINGS) {
          cases.add(body(route, "string at " + path + ": " + abbreviate(hostile),
            replaced(route.body(), path, hostile).toBuffer()));
        }
        for (byte[] invalid : INVALID_UTF8) {
          byte[] encoded = route.body().encode().getBytes(StandardCharsets.UTF_8);
          String marker = "\"" + text.replace("\"", "\\\"") + "\"";
          int at = indexOf(encoded, marker.getBytes(StandardCharsets.UTF_8));
          if (at >= 0) {
            cases.add(body(route, "invalid UTF-8 in " + path, Buffer.buffer().appendBytes(encoded, 0, at + 1)
              .appendBytes(invalid).appendBytes(encoded, at + 1, encoded.length - at - 1)));
          }
        }
      }
    }
    if (!paths.isEmpty()) {
      cases.add(body(route, "a string over the body limit", replaced(route.body(), firstString(route.body(), paths),
        "x".repeat(hugeBytes)).toBuffer()));
    }
    cases.add(body(route, "a NUL key", route.body().copy().put("\u0000", 1).toBuffer()));
    cases.add(body(route, "a raw control character in a string", Buffer.buffer(valid.replaceFirst("\":\"", "\":\"\u0001"))));
    headerCases(route, valid, cases);
    return cases;
  }

  private static void headerCases(Route route, String valid, List<Case> cases) {
    Buffer body = Buffer.buffer(valid);
    cases.add(withHeaders(route, "a 100 KB header", body, h -> h.add("x-junk", "j".repeat(100_000))));
    cases.add(withHeaders(route, "500 headers", body, h -> {
      for (int i = 0; i < 500; i++) {
        h.add("x-junk-" + i, "j".repeat(40));
      }
    }));
    if (keyHeader(route.headers()) != null) {
      keyCases(route, body, cases);
    }
    for (String[] typed : new String[][] {{"text/plain", valid}, {"application/x-www-form-urlencoded", "model=x&a=b"},
      {"multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--XyZ--\r\n"},
      {"multipart/form-data; boundary=XyZ", "--XyZ\r\nbroken"}, {"application/xml", "<a/>"},
      {"application/json; charset=utf-16", valid}}) {
      cases.add(withHeaders(route, "content type " + typed[0], Buffer.buffer(typed[1]),
        h -> h.set("content-type", typed[0])));
    }
    cases.add(withHeaders(route, "no content type", body, h -> h.remove("content-type")));
    cases.add(withHeaders(route, "two content types", body, h -> h.add("content-type", "text/plain")));
    cases.add(new Case(route, "wrong method", HttpMethod.PUT, route.path(), route.headers(), body));
  }

  /** The route's key: huge, twice, a refused one before the valid one, none (one with a NUL is a raw case). */
  private static void keyCases(Route route, Buffer body, List<Case> cases) {
    cases.add(withHeaders(route, "a 7 KB key", body, h -> replaceKey(h, "k".repeat(7000))));
    cases.add(withHeaders(route, "a refused key first, then the valid one", body, h -> {
      String name = keyHeader(h);
      String good = h.get(name);
      h.remove(name);
      h.add(name, name.equals("authorization") ? "Bearer sb-not-a-key-00000000" : "sb-not-a-key-00000000");
      h.add(name, good);
    }));
    cases.add(withHeaders(route, "the valid key twice", body, h -> h.add(keyHeader(h), h.get(keyHeader(h)))));
    cases.add(withHeaders(route, "no key", body, h -> h.remove(keyHeader(h))));
  }

  /** The header the route's key travels in, or null for a route without one. */
  private static String keyHeader(MultiMap headers) {
    for (String name : List.of("x-api-key", "x-goog-api-key", "authorization")) {
      if (headers.contains(name)) {
        return name;
      }
    }
    return null;
  }

  private static void replaceKey(MultiMap headers, String key) {
    String name = keyHeader(headers);
    headers.set(name, name.equals("authorization") ? "Bearer " + key : key);
  }

  private static Case body(Route route, String what, Buffer body) {
    return new Case(route, what, route.method(), route.path(), route.headers(), body);
  }

  private static Case withHeaders(Route route, String what, Buffer body, java.util.function.Consumer<MultiMap> edit) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(route.headers());
    edit.accept(headers);
    return new Case(route, what, route.method(), route.path(), headers, body);
  }

  /** Every field and array element under {@code node}, as paths of keys and indexes. */
  private static void collectPaths(Object node, List<Object> at, List<List<Object>> paths) {
    if (node instanceof JsonObject object) {
      for (String key : object.fieldNames()) {
        List<Object> path = new ArrayList<>(at);
        path.add(key);
        paths.add(path);
        collectPaths(object.getValue(key), path, paths);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        List<Object> path = new ArrayList<>(at);
        path.add(i);
        paths.add(path);
        collectPaths(array.getValue(i), path, paths);
      }
    }
  }

  private static Object valueAt(Object node, List<Object> path) {
    for (Object step : path) {
      node = step instanceof String key ? ((JsonObject) node).getValue(key) : ((JsonArray) node).getValue((Integer) step);
    }
    return node;
  }

  /** A copy of {@code root} with the value at {@code path} replaced. */
  private static JsonObject replaced(JsonObject root, List<Object> path, Object value) {
    JsonObject copy = root.copy();
    Object parent = valueAt(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof JsonObject object) {
      object.put((String) last, value);
    } else {
      ((JsonArray) parent).set((Integer) last, value);
    }
    return copy;
  }

  private static List<Object> firstString(JsonObject root, List<List<Object>> paths) {
    return paths.stream().filter(p -> valueAt(root, p) instanceof String).reduce((a, b) -> b).orElse(paths.get(0));
  }

  private static boolean sameKind(Object a, Object b) {
    return a instanceof Number && b instanceof Number || a != null && b != null && a.getClass() == b.getClass();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static String abbreviate(String text) {
    String shown = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
    StringBuilder escaped = new StringBuilder();
    shown.chars().forEach(c -> escaped.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
    return escaped.toString();
  }
}
