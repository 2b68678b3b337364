/** At most this many declared topics per institution. Shared with the browser, so not in a .server module. */
export const MAX_DECLARED_TOPICS = 20;
