/**
 * Test support shared by every module's tests: a real HTTP mock upstream for all dialects (OpenAI, Azure, Anthropic,
 * Gemini, Bedrock) and the embedded storage as a JUnit extension. Depends on {@code store}; never on the classpath of
 * the running gateway.
 */
package io.switchboard.testkit;
