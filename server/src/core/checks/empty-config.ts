// empty-config, per target release: the parser finds a config with no values; whether that fails depends on
// the release. Measured: 2.9.10 loads an empty or comment-only file ("configuration file … is valid"), 2.10.27
// and 2.15.1 refuse it ("config has no values or is empty").
import { rejects, type SourceIssue } from '../conf/issue';
import { compareVersions, parseVersion, type Version } from '../tls/versions';

const REFUSED_FROM = parseVersion('2.10.0')!;

/** The document's findings with empty-config made an error where the target refuses it, and dropped where it does not. */
export function emptyConfigForVersion(issues: SourceIssue[], version: Version): SourceIssue[] {
  if (!issues.some((i) => i.code === 'empty-config')) return issues;
  const refused = compareVersions(version, REFUSED_FROM) >= 0;
  if (!refused) return issues.filter((i) => i.code !== 'empty-config');
  return issues.map((i) =>
    i.code === 'empty-config'
      ? {
          ...i,
          severity: 'error',
          stage: 'load',
          message: rejects(
            'config has no values or is empty',
            'nats-server 2.10 and newer refuse a config without a single setting (2.9 loaded it); add one, such as port: 4222.',
          ),
        }
      : i,
  );
}

/**
 * The parser's findings as the target release sees them: empty-config per release, and no key-without-value
 * warning where checks/dangling-key.ts already says what nats-server does with that key (an error).
 */
export function forTarget(docIssues: SourceIssue[], checked: SourceIssue[], version: Version): SourceIssue[] {
  const explained = checked.filter((i) => i.data?.danglingKey);
  const own = explained.length
    ? docIssues.filter((d) => d.code !== 'key-without-value' || !explained.some((x) => x.src === d.src && x.start === d.start))
    : docIssues;
  return emptyConfigForVersion(own, version);
}
