export { displayKey, generateKey, hashKey, KEY_PREFIX, type KeyKind, parseKey } from "./keys";
