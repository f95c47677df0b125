package io.switchboard.providers.core;

/**
 * What an adapter packaged in a jar declares so that a gateway can load it: a descriptor
 * ({@value #DESCRIPTOR}, a properties file) naming the provider kind it serves, its own version, the adapter API it
 * was built against and its {@link ProviderVerticle} class. The API version is this module's contract with such jars
 * ({@code ProviderVerticle}, {@code UpstreamProtocol}, the {@code api} and {@code dialects} types they use); a jar
 * built against another one is refused rather than failing at its first call.
 */
public final class AdapterApi {
  /** The adapter API this gateway offers; raised when a change would break adapters built against the last one. */
  public static final int VERSION = 1;
  /** Where an adapter jar keeps its descriptor. */
  public static final String DESCRIPTOR = "META-INF/switchboard-adapter.properties";
  /** Descriptor key: the provider kind the adapter serves, as account rows name it ({@code ollama}). */
  public static final String KIND = "kind";
  /** Descriptor key: the adapter's own version ({@code 1.2.0}), shown with its deployments. */
  public static final String ADAPTER_VERSION = "version";
  /** Descriptor key: the adapter API version it was built against, {@link #VERSION} of that build. */
  public static final String API_VERSION = "adapterApi";
  /** Descriptor key: the fully qualified name of its {@link ProviderVerticle} subclass (public, no-argument). */
  public static final String VERTICLE = "verticle";

  private AdapterApi() {
  }
}
