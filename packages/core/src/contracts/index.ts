export * from "./access-tokens";
export * from "./account";
export * from "./api-keys";
export * from "./audit-log";
export * from "./common";
export * from "./team";
export * from "./websites";
