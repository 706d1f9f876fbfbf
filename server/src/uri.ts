// Documents are named by file paths or, when they live elsewhere (`untitled:`, `vscode-vfs://`), by URIs.

/** True for a name with a URI scheme. A scheme needs two characters or more, so a Windows drive (`C:\`) is a path. */
export function isUri(name: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(name);
}
