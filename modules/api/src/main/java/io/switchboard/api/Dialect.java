package io.switchboard.api;

/** The wire formats clients and upstreams speak. */
public enum Dialect {
  OPENAI, ANTHROPIC, GEMINI
}
