package io.switchboard.usage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of a captured body is never stored: the values of the configured JSON fields ({@code bodies.redactFields},
 * matched by name at any depth, in whole or cut JSON alike) and anything shaped like a credential wherever it stands
 * (API keys such as {@code sk-...}, {@code sk-ant-...}, Google's {@code AIza...}, AWS access key ids, bearer tokens,
 * JWTs). Each becomes {@code [redacted]}.
 */
final class BodyRedaction {
  static final String REDACTED = "[redacted]";
  private static final Pattern SECRETS = Pattern.compile(
    "\\b(?:sk|rk|pk)-[A-Za-z0-9_\\-]{16,}"                      // OpenAI, Anthropic (sk-ant-...) and kin
      + "|\\bAIza[0-9A-Za-z_\\-]{30,}"                           // Google API keys
      + "|\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"                       // AWS access key ids
      + "|(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{16,}=*"             // bearer tokens
      + "|\\beyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{8,}"); // JWTs
  private final Pattern fields;

  BodyRedaction(List<String> redactFields) {
    String names = String.join("|", redactFields.stream().map(Pattern::quote).toList());
    // "name": "string" | number | true/false/null — the value only; the name stays so the shape is readable
    this.fields = redactFields.isEmpty() ? null : Pattern.compile("(\"(?i:" + names + ")\"\\s*:\\s*)"
      + "(\"(?:[^\"\\\\]|\\\\.)*\"?|-?[0-9][0-9.eE+\\-]*|true|false|null)");
  }

  String apply(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (fields != null) {
      Matcher m = fields.matcher(out);
      out = m.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + "\"" + REDACTED + "\""));
    }
    return SECRETS.matcher(out).replaceAll(REDACTED);
  }
}
