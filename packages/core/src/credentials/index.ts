export { randomBase62 } from "./base62";
export { displayKey, generateKey, hashKey, KEY_PREFIX, type KeyKind, parseKey, randomTrackingId } from "./keys";
