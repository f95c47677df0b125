package io.switchboard.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's files as shipped: both languages hold the same messages and every message the code names; no code
 * parses a string as HTML or runs one as code; the page has no inline script or style.
 */
class ConsoleFilesTest {
  private static final Path WEBROOT = Path.of("../../webroot");
  private static final Pattern MESSAGE = Pattern.compile("\\bt\\('([A-Za-z0-9_.-]+)'");
  private static final Pattern AS_HTML = Pattern.compile(
    "innerHTML|outerHTML\\s*=|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setAttribute\\('style'|"
      + "setAttribute\\(\"style\"|\\bon\\w+\\s*=\\s*['\"]");

  @Test
  void bothLanguagesHoldTheSameMessagesAndEveryOneTheCodeNames() throws IOException {
    Set<String> english = messages("en");
    Set<String> chinese = messages("zh");
    assertEquals(english, chinese, "en.json and zh.json name the same messages");
    Set<String> missing = new TreeSet<>();
    for (Path js : scripts()) {
      Matcher m = MESSAGE.matcher(Files.readString(js));
      while (m.find()) {
        if (!english.contains(m.group(1))) {
          missing.add(js.getFileName() + ": " + m.group(1));
        }
      }
    }
    assertEquals(Set.of(), missing);
  }

  @Test
  void noCodeParsesAStringAsHtmlOrRunsOneAsCode() throws IOException {
    List<String> found = new ArrayList<>();
    for (Path js : scripts()) {
      Matcher m = AS_HTML.matcher(Files.readString(js));
      while (m.find()) {
        found.add(js.getFileName() + ": " + m.group());
      }
    }
    assertEquals(List.of(), found);
    String index = Files.readString(WEBROOT.resolve("index.html"));
    assertTrue(!index.contains("<style") && !index.contains("style=") && index.replaceAll(
      "<script type=\"module\" src=\"[^\"]+\"></script>", "").indexOf("<script") < 0, "no inline script or style");
  }

  @Test
  void everyScriptFitsInOneSitting() throws IOException {
    for (Path js : scripts()) {
      long lines = Files.readAllLines(js).size();
      assertTrue(lines <= 300, js + " has " + lines + " lines");
    }
  }

  private static Set<String> messages(String language) throws IOException {
    return new TreeSet<>(new JsonObject(Files.readString(WEBROOT.resolve("i18n/" + language + ".json"))).fieldNames());
  }

  private static List<Path> scripts() throws IOException {
    try (Stream<Path> files = Files.walk(WEBROOT.resolve("js"))) {
      return files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
    }
  }
}
