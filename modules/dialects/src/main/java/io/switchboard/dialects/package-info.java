/**
 * Wire formats to and from the canonical chat model: OpenAI Chat Completions, OpenAI Responses, Anthropic Messages
 * and Gemini, requests, answers, SSE streams and errors. Pure code with no I/O; depends on {@code api} only. Used by
 * the ingress (decoding client requests, rendering errors) and the providers (conversion between dialects).
 */
package io.switchboard.dialects;
