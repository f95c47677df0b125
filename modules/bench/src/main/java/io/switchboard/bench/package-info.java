/**
 * JMH micro-benchmarks of the hot paths: each dialect's stream decoder and encoder per chunk, SSE framing, the
 * OpenAI pass-through relay and its output token count, a converted stream (Anthropic client, OpenAI upstream), a
 * request's admission against its key's limits (on the embedded Redis) and usage pricing. Built with every build so
 * they cannot rot; run only on demand:
 * {@code mvn -q -pl modules/bench -am package -DskipTests -Dbench && java -jar modules/bench/target/benchmarks.jar}.
 * Benchmarks of package-private code live in that code's package ({@code auth}, {@code providers.core},
 * {@code usage}).
 */
package io.switchboard.bench;
