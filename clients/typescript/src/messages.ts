// Every message, enum and service descriptor of gamification.v1.
// Build a request with create(XxxRequestSchema, {...}) or pass a plain object.
export * from "./gen/gamification/v1/conversations_pb.js";
export * from "./gen/gamification/v1/crowd_pb.js";
export * from "./gen/gamification/v1/flows_pb.js";
export * from "./gen/gamification/v1/games_pb.js";
export * from "./gen/gamification/v1/leagues_pb.js";
export * from "./gen/gamification/v1/questions_pb.js";
export * from "./gen/gamification/v1/rewards_pb.js";
export * from "./gen/gamification/v1/settings_pb.js";
export * from "./gen/gamification/v1/training_pb.js";
export * from "./gen/gamification/v1/users_pb.js";

// To build messages without a direct dependency on @bufbuild/protobuf:
// create(LogTurnsRequestSchema, {...}) or a plain MessageInitShape object.
export { create, toJson, fromJson, type MessageInitShape } from "@bufbuild/protobuf";
