/**
 * The AWS Bedrock adapter: SigV4 signing and the AWS event-stream framing. Depends on {@code providers-core} only.
 */
package io.switchboard.providers.bedrock;
