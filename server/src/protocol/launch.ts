// How the language server process is started, shared by the VS Code client, the CLI and the tests.

/**
 * A young generation of up to 16 MB (V8's own default on 64-bit): each keystroke re-parses the whole document,
 * and a tree that outgrows the young generation while it is built is copied into the old one and collected
 * there. At 4 MB that tripled the CPU of a re-check of a 2,000-line config; 16 MB costs about 3 MB of resident
 * memory over the whole corpus. One V8 worker thread is plenty for a live heap of a few MB.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=16', '--v8-pool-size=1'];
