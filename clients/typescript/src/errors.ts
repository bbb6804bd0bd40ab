// The error details the service sends, decoded. Every error is a gRPC status;
// some carry google.rpc details in the `grpc-status-details-bin` trailer:
//   INVALID_ARGUMENT    BadRequest (one field violation per bad field)
//   FAILED_PRECONDITION ErrorInfo (a stable reason, domain gamification.v1, ids in metadata)
//   RESOURCE_EXHAUSTED  QuotaFailure (subject user:<id>, the setting that ran out)
//                       and RetryInfo (how long until it resets)
import { fromBinary, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { anyUnpack, type Duration } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";

import {
  BadRequestSchema,
  ErrorInfoSchema,
  QuotaFailureSchema,
  RetryInfoSchema,
  type BadRequest,
  type BadRequest_FieldViolation,
  type ErrorInfo,
  type QuotaFailure,
  type RetryInfo,
} from "./gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "./gen/google/rpc/status_pb.js";

export { Code, ConnectError };
export type { BadRequest, BadRequest_FieldViolation, ErrorInfo, QuotaFailure, RetryInfo };

/** `ErrorInfo.domain` of every error of this service. */
export const ERROR_DOMAIN = "gamification.v1";

/** Every `ErrorInfo.reason` the service sends (FAILED_PRECONDITION); see the README. */
export const REASONS = [
  "GAMES_DISABLED",
  "GAME_TYPE_DISABLED",
  "NO_QUESTIONS_LEFT",
  "NO_GOLD_QUESTIONS",
  "GAME_ALREADY_ACTIVE",
  "GAME_NOT_ACTIVE",
  "GAME_EXPIRED",
  "GAME_NOT_PLAYABLE",
  "QUESTION_NOT_IN_GAME",
  "QUESTION_NOT_CURRENT",
  "QUESTION_ANSWERED_DIFFERENTLY",
  "QUESTION_REMOVED",
  "SAMPLE_NOT_PENDING",
  "SAMPLE_IN_BATCH",
  "SAMPLE_VOTES_EXHAUSTED",
  "NO_SAMPLES_FOR_BATCH",
  "NO_REWARD",
  "GAME_NOT_COMPLETED",
  "REWARD_ALREADY_CREDITED",
  "REWARD_NOT_FAILED",
  "REWARD_NOT_FOR_APPROVAL",
  "FLOW_SYSTEM_CRITICAL",
  "FLOW_DISABLED",
  "REFERENCED_ROW_MISSING",
  "REQUEST_ID_REUSED",
] as const;
export type Reason = (typeof REASONS)[number];

/** A failed call: its code, its message, and the details it carried. */
export interface ErrorDetails {
  /** The gRPC status code (Connect's Code has gRPC's numbers). */
  code: Code;
  /** The status message, as the server wrote it. */
  message: string;
  badRequest?: BadRequest;
  errorInfo?: ErrorInfo;
  quotaFailure?: QuotaFailure;
  retryInfo?: RetryInfo;
}

/**
 * The details of an error thrown by a call: a ConnectError of this package's
 * clients, or a `@grpc/grpc-js` ServiceError (read from its
 * `grpc-status-details-bin` trailer). Undefined for anything else.
 */
export function errorDetails(error: unknown): ErrorDetails | undefined {
  if (error instanceof ConnectError || isConnectErrorLike(error)) {
    const err = error as ConnectError;
    return {
      code: err.code,
      message: err.rawMessage,
      badRequest: first(err, BadRequestSchema),
      errorInfo: first(err, ErrorInfoSchema),
      quotaFailure: first(err, QuotaFailureSchema),
      retryInfo: first(err, RetryInfoSchema),
    };
  }
  if (isGrpcJsError(error)) {
    const [bin] = error.metadata.get("grpc-status-details-bin");
    if (bin !== undefined) {
      return decodeStatusDetails(typeof bin === "string" ? bin : new Uint8Array(bin));
    }
    return { code: error.code as Code, message: error.details ?? "" };
  }
  return undefined;
}

/**
 * Decodes a `grpc-status-details-bin` value: the bytes of a google.rpc.Status,
 * or the header text (base64, padded or not) as it came over the wire.
 */
export function decodeStatusDetails(value: Uint8Array | string): ErrorDetails {
  const bytes = typeof value === "string" ? base64Decode(value) : value;
  const status = fromBinary(StatusSchema, bytes);
  const unpack = <Desc extends DescMessage>(desc: Desc): MessageShape<Desc> | undefined => {
    for (const any of status.details) {
      const message = anyUnpack(any, desc);
      if (message !== undefined) return message;
    }
    return undefined;
  };
  return {
    code: status.code as Code,
    message: status.message,
    badRequest: unpack(BadRequestSchema),
    errorInfo: unpack(ErrorInfoSchema),
    quotaFailure: unpack(QuotaFailureSchema),
    retryInfo: unpack(RetryInfoSchema),
  };
}

/** The field violations of an INVALID_ARGUMENT (empty for any other error). */
export function fieldViolations(error: unknown): { field: string; description: string }[] {
  return (errorDetails(error)?.badRequest?.fieldViolations ?? []).map((v) => ({
    field: v.field,
    description: v.description,
  }));
}

/** The stable reason of a FAILED_PRECONDITION of this service, if any. */
export function errorReason(error: unknown): Reason | undefined {
  const info = errorDetails(error)?.errorInfo;
  if (info === undefined || info.domain !== ERROR_DOMAIN) return undefined;
  return info.reason as Reason;
}

/** How long to wait before retrying a RESOURCE_EXHAUSTED, in milliseconds, if the server said. */
export function retryAfterMs(error: unknown): number | undefined {
  const delay: Duration | undefined = errorDetails(error)?.retryInfo?.retryDelay;
  if (delay === undefined) return undefined;
  return Number(delay.seconds) * 1000 + Math.ceil(delay.nanos / 1e6);
}

function first<Desc extends DescMessage>(err: ConnectError, desc: Desc): MessageShape<Desc> | undefined {
  return err.findDetails(desc)[0];
}

/** A ConnectError from another copy of @connectrpc/connect (instanceof fails across copies). */
function isConnectErrorLike(error: unknown): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { name?: unknown }).name === "ConnectError" &&
    typeof (error as { findDetails?: unknown }).findDetails === "function"
  );
}

interface GrpcJsError {
  code: number;
  details?: string;
  metadata: { get(key: string): (string | Uint8Array)[] };
}

function isGrpcJsError(error: unknown): error is GrpcJsError {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "number" &&
    typeof (error as { metadata?: { get?: unknown } }).metadata?.get === "function"
  );
}

function base64Decode(text: string): Uint8Array {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  const padded = standard + "=".repeat((4 - (standard.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}
