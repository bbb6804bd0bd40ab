// Starts the release server (GAMIFICATION_BIN) on a fresh SQLite file and a
// port of its own, for the tests; stop() kills it and removes its files.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";

export interface TestServer {
  baseUrl: string;
  log: string[];
  stop(): Promise<void>;
}

export const ALLOWED_ORIGIN = "http://dashboard.test";
/** The admin token the test server accepts (AUTH_TOKENS). */
export const ADMIN_TOKEN = "ts-client-admin-token-0123456789";

export async function startServer(): Promise<TestServer> {
  const bin = process.env.GAMIFICATION_BIN ?? resolve(__dirname, "../../../../target/release/gamification");
  const dir = mkdtempSync(join(tmpdir(), "gamification-ts-"));
  const child: ChildProcess = spawn(bin, [], {
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: `sqlite://${join(dir, "test.db")}?mode=rwc`,
      LISTEN_ADDR: "127.0.0.1:0",
      LOG_FORMAT: "json",
      RUST_LOG: "info",
      CORS_ALLOWED_ORIGINS: ALLOWED_ORIGIN,
      AUTH_TOKENS: `admin:${ADMIN_TOKEN}`,
      REWARD_POLL_MILLIS: "100",
      SHUTDOWN_GRACE_SECS: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const addr = await new Promise<string>((found, failed) => {
      const timer = setTimeout(() => failed(new Error(`the server did not start:\n${log.join("\n")}`)), 30_000);
      child.once("exit", (code) => {
        clearTimeout(timer);
        failed(new Error(`the server exited (${code}):\n${log.join("\n")}`));
      });
      for (const stream of [child.stdout, child.stderr]) {
        createInterface({ input: stream! }).on("line", (line) => {
          log.push(line);
          try {
            const event = JSON.parse(line) as { message?: string; addr?: string };
            if (event.message === "serving" && event.addr) {
              clearTimeout(timer);
              found(event.addr);
            }
          } catch {
            // not a JSON line
          }
        });
      }
    });
    return { baseUrl: `http://${addr}`, log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
