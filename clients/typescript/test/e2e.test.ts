// The package against the real release server: a whole game, 200 turns in
// one LogTurns stream, error details, WatchRewards, and gRPC-web with CORS.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";

import {
  Code,
  ConnectError,
  create,
  RewardStatus,
  connect,
  errorDetails,
  errorReason,
  fieldViolations,
  retryAfterMs,
  decodeStatusDetails,
  UpsertUserRequestSchema,
  type GamificationClients,
  type LogTurnsRequestSchema,
  type MessageInitShape,
} from "../src/index.js";
import { connectWeb } from "../src/web.js";
import { ADMIN_TOKEN, ALLOWED_ORIGIN, startServer, type TestServer } from "./server.js";

let server: TestServer;
let api: GamificationClients;

/** Sets a setting through UpdateSetting with the etag just read. */
async function setSetting(key: string, value: string): Promise<void> {
  const { setting } = await api.settings.getSetting({ key });
  await api.settings.updateSetting({ key, value, etag: setting!.etag, updatedBy: "ts-client-test", reason: "test" });
}

describe("the TypeScript client against the release server", () => {
  let userId = 0;
  let gameId = 0;

  before(async () => {
    server = await startServer();
    api = connect({ baseUrl: server.baseUrl, token: ADMIN_TOKEN, defaultTimeoutMs: 10_000 });
    // Answers may come at once (the too-fast rule would forfeit the game).
    await setSetting("min_answer_seconds", "0");
  });

  after(async () => {
    await server?.stop();
  });

  it("sends the token: without it a call is UNAUTHENTICATED", async () => {
    const anonymous = connect({ baseUrl: server.baseUrl });
    const error = await anonymous.settings.getSetting({ key: "daily_game_limit" }).catch((e: unknown) => e);
    assert.equal(errorDetails(error)?.code, Code.Unauthenticated);
    const { setting } = await api.settings.getSetting({ key: "daily_game_limit" });
    assert.equal(setting?.value, "10");
  });

  it("upserts a user and plays a whole game that earns a reward", async () => {
    const { user } = await api.users.upsertUser({ phpUserId: 501, phone: "98123 45678", preferredLanguage: "en" });
    assert.ok(user);
    assert.equal(user.phone, "+919812345678");
    userId = user.id;

    const started = await api.games.startGame({
      userId,
      gameType: "intent_quest",
      difficulty: "easy",
      language: "en",
      sessionId: "wa-ts-1",
    });
    let game = started.gameSession!;
    assert.equal(game.status, "active");
    assert.ok(game.questionCount > 0);
    gameId = game.id;
    while (game.currentQuestion) {
      const question = game.currentQuestion;
      // The test is an admin: it looks up the right answer of the bank question.
      const { question: bank } = await api.questions.getQuestion({ id: question.questionId });
      const answer = await api.games.submitAnswer({
        gameSessionId: game.id,
        questionId: question.questionId,
        answer: bank!.correctAnswer,
      });
      assert.equal(answer.correct, true, `question ${question.questionId}`);
      assert.equal(answer.suspicious, false);
      game = answer.gameSession!;
    }
    assert.equal(game.status, "completed");
    assert.equal(game.answeredCount, game.questionCount);
    const reward = game.reward!;
    assert.equal(reward.forfeit, "");
    assert.equal(reward.goldCorrect, reward.goldAnswered);
    assert.ok(Number(reward.amount) > 0, `reward ${reward.amount}`);
    assert.equal(game.rewardStatus, "pending");
  });

  it("follows WatchRewards until the game's reward appears", async () => {
    assert.ok(gameId > 0, "the game test ran first");
    // A stream without a deadline (timeoutMs: 0), ended when the reward came,
    // or after 15 s without it.
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), 15_000);
    let seen = undefined;
    try {
      for await (const event of api.rewards.watchRewards({ afterCursor: 0n, userId }, { signal: stop.signal, timeoutMs: 0 })) {
        assert.equal(typeof event.cursor, "bigint");
        if (event.reward?.gameSessionId === gameId) {
          seen = event.reward;
          break;
        }
      }
    } finally {
      clearTimeout(timer);
      stop.abort();
    }
    assert.ok(seen, "the reward was streamed");
    assert.equal(seen.status, RewardStatus.PENDING);
    assert.ok(Number(seen.amount) > 0);
    assert.equal(seen.userId, userId);
  });

  it("streams 200 turns with LogTurns", async () => {
    async function* turns(): AsyncIterable<MessageInitShape<typeof LogTurnsRequestSchema>> {
      for (let i = 0; i < 200; i++) {
        yield {
          turn: {
            sessionId: "wa-ts-turns",
            userMessage: `turn ${i}: kal ka mausam kaisa hai`,
            botResponse: "Kal dhoop rahegi.",
            nluIntent: "weather",
            nluConfidence: "0.42",
            nluLanguage: "hi",
            channel: "whatsapp",
          },
          requestId: crypto.randomUUID(),
        };
      }
    }
    const response = await api.conversations.logTurns(turns());
    assert.equal(response.acceptedCount, 200);
    assert.deepEqual(response.rejected, []);
    assert.equal(response.logged.length, 200);
    assert.equal(response.replayedCount, 0);
    const ids = response.logged.map((l) => l.turnId);
    assert.equal(typeof ids[0], "bigint", "int64 ids are bigint");
    assert.equal(new Set(ids).size, 200);
  });

  it("reads a field violation from a bad request", async () => {
    const error = await api.users.upsertUser({ phpUserId: 502, phone: "call me maybe" }).then(
      () => assert.fail("a bad phone was accepted"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ConnectError);
    assert.equal(error.code, Code.InvalidArgument);
    const details = errorDetails(error)!;
    assert.equal(details.code, Code.InvalidArgument);
    const violations = fieldViolations(error);
    assert.equal(violations.length, 1);
    assert.equal(violations[0]!.field, "phone");
    assert.ok(violations[0]!.description.length > 0);
  });

  it("decodes the details of a @grpc/grpc-js error and of a raw trailer", async () => {
    // A caller still on @grpc/grpc-js: the same helper reads its ServiceError.
    const client = new grpc.Client(new URL(server.baseUrl).host, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    metadata.set("authorization", `Bearer ${ADMIN_TOKEN}`);
    const error = await new Promise<unknown>((done) => {
      client.makeUnaryRequest(
        "/gamification.v1.UserService/UpsertUser",
        (request: Uint8Array) => Buffer.from(request),
        (response: Buffer) => response,
        toBinary(UpsertUserRequestSchema, create(UpsertUserRequestSchema, { phpUserId: 505, phone: "call me maybe" })),
        metadata,
        (err) => done(err),
      );
    });
    client.close();
    const details = errorDetails(error);
    assert.equal(details?.code, Code.InvalidArgument);
    assert.deepEqual(
      fieldViolations(error).map((v) => v.field),
      ["phone"],
    );
    // The raw trailer as a header value (base64), as a proxy's log shows it.
    const [bin] = (error as grpc.ServiceError).metadata.get("grpc-status-details-bin");
    const raw = decodeStatusDetails(Buffer.from(bin as Buffer).toString("base64").replace(/=+$/, ""));
    assert.equal(raw.code, Code.InvalidArgument);
    assert.equal(raw.badRequest?.fieldViolations[0]?.field, "phone");
  });

  it("reads the reason and metadata of a FAILED_PRECONDITION", async () => {
    const { user } = await api.users.upsertUser({ phpUserId: 504, phone: "98123 45604" });
    const start = (sessionId: string) =>
      api.games.startGame({ userId: user!.id, gameType: "intent_quest", difficulty: "easy", sessionId });
    const first = (await start("wa-ts-a")).gameSession!;
    const error = await start("wa-ts-b").catch((e: unknown) => e);
    assert.equal(errorDetails(error)?.code, Code.FailedPrecondition);
    assert.equal(errorReason(error), "GAME_ALREADY_ACTIVE");
    const info = errorDetails(error)?.errorInfo;
    assert.equal(info?.domain, "gamification.v1");
    assert.equal(info?.metadata["game_session_id"], String(first.id));
    await api.games.abandonGame({ gameSessionId: first.id });
  });

  it("reads QuotaFailure and RetryInfo from a RESOURCE_EXHAUSTED", async () => {
    await setSetting("game_cooldown_seconds", "3600");
    const error = await api.games
      .startGame({ userId, gameType: "intent_quest", difficulty: "easy", language: "en", sessionId: "wa-ts-2" })
      .catch((e: unknown) => e);
    const details = errorDetails(error);
    assert.equal(details?.code, Code.ResourceExhausted);
    const violation = details?.quotaFailure?.violations[0];
    assert.equal(violation?.subject, `user:${userId}`);
    assert.equal(violation?.description, "game_cooldown_seconds");
    const wait = retryAfterMs(error);
    assert.ok(wait !== undefined && wait > 3_500_000 - 60_000 && wait <= 3_600_000, `retry after ${wait} ms`);
  });

  describe("gRPC-web on the same port", () => {
    /** A fetch that sends `origin`, as a browser on that page would. */
    const fetchFrom =
      (origin: string): typeof fetch =>
      (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set("origin", origin);
        return fetch(input, { ...init, headers });
      };

    it("serves a page of an allowed origin, with the CORS headers", async () => {
      let corsHeaders: Headers | undefined;
      const web = connectWeb({
        baseUrl: server.baseUrl,
        token: ADMIN_TOKEN,
        fetch: async (input, init) => {
          const response = await fetchFrom(ALLOWED_ORIGIN)(input, init);
          corsHeaders = response.headers;
          return response;
        },
      });
      const { setting } = await web.settings.getSetting({ key: "daily_game_limit" });
      assert.equal(setting?.value, "10");
      assert.equal(corsHeaders?.get("access-control-allow-origin"), ALLOWED_ORIGIN);
      assert.match(corsHeaders?.get("access-control-expose-headers") ?? "", /grpc-status-details-bin/);
    });

    it("answers the preflight of an allowed origin only", async () => {
      const preflight = (origin: string) =>
        fetch(`${server.baseUrl}/gamification.v1.SettingsService/GetSetting`, {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type,x-grpc-web,authorization",
          },
        });
      const allowed = await preflight(ALLOWED_ORIGIN);
      assert.equal(allowed.status, 204);
      assert.equal(allowed.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
      assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /x-grpc-web/);
      assert.match(allowed.headers.get("access-control-allow-headers") ?? "", /authorization/);
      const refused = await preflight("http://evil.test");
      assert.equal(refused.status, 403);
      assert.equal(refused.headers.get("access-control-allow-origin"), null);
    });

    it("refuses a call from an origin that is not allowed", async () => {
      const web = connectWeb({ baseUrl: server.baseUrl, token: ADMIN_TOKEN, fetch: fetchFrom("http://evil.test") });
      const error = await web.settings.getSetting({ key: "daily_game_limit" }).catch((e: unknown) => e);
      assert.ok(error instanceof ConnectError, String(error));
      assert.equal(error.code, Code.PermissionDenied);
    });

    it("decodes error details sent over gRPC-web", async () => {
      const web = connectWeb({ baseUrl: server.baseUrl, token: ADMIN_TOKEN, fetch: fetchFrom(ALLOWED_ORIGIN) });
      const error = await web.users.upsertUser({ phpUserId: 503, phone: "call me maybe" }).catch((e: unknown) => e);
      assert.equal(errorDetails(error)?.code, Code.InvalidArgument);
      assert.deepEqual(
        fieldViolations(error).map((v) => v.field),
        ["phone"],
      );
    });
  });
});
