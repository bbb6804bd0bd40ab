// Browsers (the admin dashboard): gRPC-web over fetch, to the same port.
// The page's origin must be listed in the server's CORS_ALLOWED_ORIGINS.
// Import it as "@gamification/client/web": it pulls in no Node module.
import { createGrpcWebTransport } from "@connectrpc/connect-web";

import {
  createGamificationClients,
  interceptorsOf,
  type ClientOptions,
  type GamificationClients,
} from "./services.js";

export * from "./messages.js";
export * from "./errors.js";
export * from "./services.js";

/** Options of a gRPC-web connection. */
export interface WebClientOptions extends ClientOptions {
  /** The fetch to use (tests, or a wrapped one); the global fetch by default. */
  fetch?: typeof globalThis.fetch;
}

/** Clients of every service over gRPC-web to `options.baseUrl`. */
export function connectWeb(options: WebClientOptions): GamificationClients {
  const transport = createGrpcWebTransport({
    baseUrl: options.baseUrl,
    interceptors: interceptorsOf(options),
    defaultTimeoutMs: options.defaultTimeoutMs,
    fetch: options.fetch,
  });
  return createGamificationClients(transport);
}
