/** A problem with the command line's input or flags (a path that does not exist, a bad value): exit code 2. */
export class UsageError extends Error {}
