// nats-server versions as the checks compare them. "latest" is the newest release the tests check against
// (the newest nats-server Debian ships, scripts/install-nats-servers.sh); raise it when that moves.

export const LATEST_VERSION = '2.15.1';

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version | undefined {
  if (text === 'latest') return parseVersion(LATEST_VERSION);
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0) };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}

/**
 * When a feature arrived. Several were back-ported, so it can first appear in more than one release line:
 * e.g. `{ '2.9': '2.9.20', '2.10': '2.10.0' }` means 2.9.20+ on the 2.9 line and 2.10.0+ later.
 * Lines newer than every key inherit the newest key's availability.
 */
export type Since = Record<string, string>;

/** availableIn's answers per `since` (schema constants), by the target packed into one number. */
const availability = new WeakMap<Since, Map<number, boolean>>();

export function availableIn(since: Since | undefined, target: Version): boolean {
  if (!since) return true;
  // Asked once per option per block of a large config: the answer is kept per target.
  const { major, minor, patch } = target;
  // (x & 1023) === x: an integer from 0 to 1023, so the three pack into one number without clashing.
  if ((major & 1023) !== major || (minor & 1023) !== minor || (patch & 1023) !== patch) return computeAvailable(since, target);
  const key = (major * 1024 + minor) * 1024 + patch;
  let known = availability.get(since);
  if (!known) availability.set(since, (known = new Map()));
  let answer = known.get(key);
  if (answer === undefined) known.set(key, (answer = computeAvailable(since, target)));
  return answer;
}

function computeAvailable(since: Since, target: Version): boolean {
  const lines = Object.keys(since).sort((a, b) => compareVersions(parseVersion(a)!, parseVersion(b)!));
  const line = `${target.major}.${target.minor}`;
  if (since[line]) return compareVersions(target, parseVersion(since[line]!)!) >= 0;
  // Older than every line listed: not there yet. Newer: there.
  const first = parseVersion(lines[0]!)!;
  if (compareVersions(target, { ...first, patch: 0 }) < 0) return false;
  const last = parseVersion(lines[lines.length - 1]!)!;
  if (target.major > last.major || (target.major === last.major && target.minor > last.minor)) return true;
  // A line between listed ones that is not listed itself: it has the feature when a line before it did.
  return lines.some((l) => {
    const v = parseVersion(since[l]!)!;
    return compareVersions(target, v) >= 0 && (v.major < target.major || v.minor < target.minor);
  });
}

/** "2.9.20 (2.9 line) or 2.10.0" — for messages. */
export function describeSince(since: Since): string {
  return Object.values(since).join(' / ');
}
