// The AUTH_SECRET of the servers the tests start; test workers use it too, so what the services seal
// in process (two-factor secrets) the server can open, and the other way round.
export const TEST_AUTH_SECRET = "a-test-secret-that-is-long-enough-0123456789";
