package io.switchboard.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /metrics} in Prometheus' text format, read as series: name, labels, value. */
record Scrape(List<Series> series) {
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Series(String name, Map<String, String> labels, double value) {
  }

  /** {@code scrape}'s result once {@code done} holds of it, or after 10 s (then as it is). */
  static Scrape await(Callable<Scrape> scrape, Predicate<Scrape> done) throws Exception {
    long deadline = System.currentTimeMillis() + 10_000;
    Scrape now = scrape.call();
    while (!done.test(now) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      now = scrape.call();
    }
    return now;
  }

  static Scrape parse(String text) {
    List<Series> series = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (m.find()) {
          labels.put(m.group(1), m.group(2));
        }
      }
      series.add(new Series(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Scrape(series);
  }

  /** The sum over every series of this name whose labels include {@code labels} (name, value, name, value...). */
  double sum(String name, String... labels) {
    double total = 0;
    for (Series s : series) {
      if (s.name().equals(name) && matches(s.labels(), labels)) {
        total += s.value();
      }
    }
    return total;
  }

  boolean has(String name, String... labels) {
    return series.stream().anyMatch(s -> s.name().equals(name) && matches(s.labels(), labels));
  }

  Set<String> names() {
    Set<String> names = new TreeSet<>();
    series.forEach(s -> names.add(s.name()));
    return names;
  }

  private static boolean matches(Map<String, String> have, String[] want) {
    for (int i = 0; i + 1 < want.length; i += 2) {
      if (!want[i + 1].equals(have.get(want[i]))) {
        return false;
      }
    }
    return true;
  }
}
