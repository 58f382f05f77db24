/** A problem with the command line or its input (a path that does not exist, an unreadable file, a failing git read): exit code 2. */
export class UsageError extends Error {}
