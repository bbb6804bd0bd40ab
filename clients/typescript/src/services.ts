// Typed clients of every service, over any Connect transport (gRPC over
// HTTP/2 from Node, gRPC-web from a browser). Each unary call returns a
// promise, a server stream is an async iterable, a client stream takes one.
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";

import { ConversationLogService } from "./gen/gamification/v1/conversations_pb.js";
import { CrowdLabelService } from "./gen/gamification/v1/crowd_pb.js";
import { EngagementService } from "./gen/gamification/v1/engagement_pb.js";
import { FlowService } from "./gen/gamification/v1/flows_pb.js";
import { GameService } from "./gen/gamification/v1/games_pb.js";
import { LeagueService } from "./gen/gamification/v1/leagues_pb.js";
import { QuestionService } from "./gen/gamification/v1/questions_pb.js";
import { RewardService } from "./gen/gamification/v1/rewards_pb.js";
import { SettingsService } from "./gen/gamification/v1/settings_pb.js";
import { TrainingDataService } from "./gen/gamification/v1/training_pb.js";
import { UserService } from "./gen/gamification/v1/users_pb.js";

/** One client of each service of gamification.v1. */
export interface GamificationClients {
  settings: Client<typeof SettingsService>;
  users: Client<typeof UserService>;
  flows: Client<typeof FlowService>;
  games: Client<typeof GameService>;
  questions: Client<typeof QuestionService>;
  rewards: Client<typeof RewardService>;
  conversations: Client<typeof ConversationLogService>;
  training: Client<typeof TrainingDataService>;
  crowd: Client<typeof CrowdLabelService>;
  engagement: Client<typeof EngagementService>;
  leagues: Client<typeof LeagueService>;
}

/** What every transport of this package takes. */
export interface ClientOptions {
  /** The server, e.g. `http://127.0.0.1:50051` (plaintext) or `https://gamification.internal:50051`. */
  baseUrl: string;
  /** A `service` or `admin` token of AUTH_TOKENS, sent as `authorization: Bearer <token>`. */
  token?: string;
  /** Deadline of each call unless the call sets its own (`timeoutMs` in its options). */
  defaultTimeoutMs?: number;
  /** More interceptors (logging, a request id, ...), run after the token's. */
  interceptors?: Interceptor[];
}

/** Sends the bearer token with every call. */
export function bearerToken(token: string): Interceptor {
  return (next) => async (request) => {
    request.header.set("authorization", `Bearer ${token}`);
    return next(request);
  };
}

/** The interceptors of `options`: the token first. */
export function interceptorsOf(options: ClientOptions): Interceptor[] {
  return [...(options.token ? [bearerToken(options.token)] : []), ...(options.interceptors ?? [])];
}

/** A client of every service over `transport`. */
export function createGamificationClients(transport: Transport): GamificationClients {
  return {
    settings: createClient(SettingsService, transport),
    users: createClient(UserService, transport),
    flows: createClient(FlowService, transport),
    games: createClient(GameService, transport),
    questions: createClient(QuestionService, transport),
    rewards: createClient(RewardService, transport),
    conversations: createClient(ConversationLogService, transport),
    training: createClient(TrainingDataService, transport),
    crowd: createClient(CrowdLabelService, transport),
    engagement: createClient(EngagementService, transport),
    leagues: createClient(LeagueService, transport),
  };
}
