package io.switchboard.api;

/** What a client request asks of an upstream: a chat answer, a token count, or embeddings. */
public enum Operation {
  CHAT, COUNT_TOKENS, EMBEDDINGS
}
