// How the language server process is started, shared by the VS Code client, the CLI and the tests.

/**
 * The server's live heap is a few MB. A young generation of 4 MB still lets each parse of a large config
 * die young (cheap to collect), and one V8 worker thread is plenty; V8's defaults would otherwise hold
 * ~10 MB of resident memory that is never needed.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=4', '--v8-pool-size=1'];
