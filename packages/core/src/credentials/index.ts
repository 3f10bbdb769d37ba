export { randomBase62 } from "./base62";
export {
  displayKey,
  findKeys,
  generateKey,
  hashKey,
  KEY_PREFIX,
  KEY_SCAN_PATTERN,
  type KeyKind,
  parseKey,
  randomTrackingId,
} from "./keys";
