/**
 * OpenAI Chat Completions: requests, answers, SSE streams and errors to and from the canonical model.
 */
package io.switchboard.dialects.openai;
