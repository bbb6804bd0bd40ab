// @gamification/client: typed clients of the gamification service for Node.
// Browsers import "@gamification/client/web" instead.
export * from "./messages.js";
export * from "./errors.js";
export * from "./services.js";
export { connect } from "./node.js";
