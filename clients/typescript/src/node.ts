// Node (the flow engine): gRPC over HTTP/2, one connection shared by every client.
import { createGrpcTransport } from "@connectrpc/connect-node";

import {
  createGamificationClients,
  interceptorsOf,
  type ClientOptions,
  type GamificationClients,
} from "./services.js";

/** Clients of every service over gRPC (HTTP/2) to `options.baseUrl`. */
export function connect(options: ClientOptions): GamificationClients {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    interceptors: interceptorsOf(options),
    defaultTimeoutMs: options.defaultTimeoutMs,
  });
  return createGamificationClients(transport);
}
