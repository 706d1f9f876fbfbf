// The engine's entry point for checks: given parsed documents, return every finding, per file.
import { checkDanglingKeys } from './checks/dangling-key';
import { checkAccountImports } from './checks/account-imports';
import { checkAccountRefs } from './checks/account-refs';
import { checkAccountsShape } from './checks/accounts-shape';
import { checkByteOrderMark } from './checks/byte-order-mark';
import { checkCertProfile } from './checks/cert-profile';
import { checkCertValidity } from './checks/cert-validity';
import { checkChainTrust } from './checks/chain-trust';
import { checkDeprecatedOptions } from './checks/deprecated-option';
import { checkDuplicateUsers } from './checks/duplicate-users';
import { checkIdentityMapping } from './checks/identity-map';
import { checkLeafProxies } from './checks/leaf-proxy';
import { checkOperatorJwt } from './checks/operator-jwt';
import { checkOptionConflicts } from './checks/option-conflicts';
import { checkOptionValues } from './checks/option-values';
import { checkOptionVersions } from './checks/option-version';
import { checkPeers } from './checks/peers';
import { checkRequiredOptions } from './checks/required-options';
import { checkTopologyLinks } from './checks/topology-links';
import { checkTlsFiles } from './checks/tls-files';
import { checkTlsPairing } from './checks/tls-pairing';
import { checkTlsPlacement } from './checks/tls-placement';
import { checkUnknownTlsFields } from './checks/tls-unknown-field';
import { checkTlsValues } from './checks/tls-values';
import { checkTlsVerification } from './checks/tls-verification';
import { checkTlsFieldVersions } from './checks/tls-version';
import { checkUnknownOptions } from './checks/unknown-option';
import { checkUnitTraps } from './checks/unit-trap';
import { reportedAt, toFinding, type SourceIssue } from './conf/issue';
import { isTemplateNoise } from './conf/template';
import type { ConfigDoc } from './document';
import type { VisitCache } from './schema/visit-cache';
import { validUntil, type BlockCache } from './tls/block-cache';
import type { EngineHost, FileRef, TlsModel } from './tls/model';
import type { Finding } from './types';

export type DocumentCheck = (doc: ConfigDoc) => SourceIssue[];
/** `visits`: the option checks' per-block findings kept across versions (schema/visit-cache.ts); TLS checks ignore it. */
export type TlsCheck = (model: TlsModel, host: EngineHost, visits?: VisitCache) => SourceIssue[];

/** Checks that look at one document's syntax tree only. */
const documentChecks: DocumentCheck[] = [checkUnitTraps, checkByteOrderMark];

/**
 * Checks over one document's TLS blocks and the files they name. Each must judge every block on its own:
 * what it says about a block may depend only on that block (its entries and location), the files it names,
 * the settings, the platform and the clock, since a block's findings are cached on exactly these (see
 * tls/block-cache.ts). Anything that looks across blocks or documents belongs in crossFileIssues.
 */
const tlsChecks: TlsCheck[] = [
  checkUnknownTlsFields,
  checkTlsValues,
  (m, h) => checkTlsPlacement(m, h.platform),
  checkTlsFieldVersions,
  (m, h) => checkTlsPairing(m, h.platform),
  checkTlsVerification,
  (m, h) => checkTlsFiles(m, h.platform, h.fs),
  checkCertValidity,
  checkCertProfile,
  checkChainTrust,
];

/**
 * Every other option nats-server reads, from the schema table (core/schema). These walk the whole document
 * (some compare options across blocks: accounts, users, conflicts); those that judge each block on its own
 * (unknown, values, versions, deprecated, required) reuse a block's findings while its text is unchanged.
 */
const optionChecks: TlsCheck[] = [
  checkUnknownOptions,
  checkDanglingKeys,
  checkOptionValues,
  checkOptionVersions,
  checkDeprecatedOptions,
  checkOptionConflicts,
  checkRequiredOptions,
  checkAccountsShape,
  checkAccountRefs,
  checkAccountImports,
  checkDuplicateUsers,
  checkLeafProxies,
  checkOperatorJwt,
];

function guarded(doc: ConfigDoc, run: () => SourceIssue[]): SourceIssue[] {
  try {
    return withoutTemplateNoise(run());
  } catch (e) {
    // A check must never take the others down; a crash is itself worth reporting.
    return [
      {
        code: 'internal-error',
        severity: 'information',
        message: `nats-tls hit an internal error in a check: ${(e as Error).message}`,
        src: doc.src,
        start: 0,
        end: 0,
      },
    ];
  }
}

/** Findings about what a template region stands for (conf/template.ts): the value or the entries are unknown. */
function withoutTemplateNoise(issues: SourceIssue[]): SourceIssue[] {
  if (!issues.some((i) => reportedAt(i.src, i.start, i.end).src.template)) return issues;
  return issues.filter((i) => {
    const at = reportedAt(i.src, i.start, i.end);
    return !at.src.template || !isTemplateNoise(at.src.template, { code: i.code, start: at.start, end: at.end }, at.src.text);
  });
}

/** Syntax-level findings of one document (no file system beyond includes): what parseConfig reports. */
export function analyzeDocument(doc: ConfigDoc): Finding[] {
  return sortFindings(documentIssues(doc).map(toFinding));
}

export function documentIssues(doc: ConfigDoc): SourceIssue[] {
  const issues: SourceIssue[] = withoutTemplateNoise(doc.issues);
  for (const check of documentChecks) issues.push(...guarded(doc, () => check(doc)));
  return issues;
}

function runChecks(checks: TlsCheck[], model: TlsModel, host: EngineHost, issues: SourceIssue[] = [], visits?: VisitCache): SourceIssue[] {
  // No push(...spread): a check may return more findings than a call can take arguments.
  for (const check of checks) for (const i of guarded(model.doc, () => check(model, host, visits))) issues.push(i);
  return issues;
}

const runTlsChecks = (model: TlsModel, host: EngineHost): SourceIssue[] => runChecks(tlsChecks, model, host);

/**
 * Findings of every TLS check. With the BlockCache the model was built with, each block is checked on its
 * own, and a block whose key is unchanged (tls/block-cache.ts) reuses its findings instead; with a VisitCache,
 * so do the option checks' blocks (schema/visit-cache.ts).
 */
export function tlsIssues(model: TlsModel, host: EngineHost, cache?: BlockCache, visits?: VisitCache): SourceIssue[] {
  const issues = runChecks(optionChecks, model, host, [], visits);
  if (!cache || !model.stamps) return runChecks(tlsChecks, model, host, issues);
  if (model.misshaped.length) issues.push(...runTlsChecks({ ...model, blocks: [], refs: [] }, host));
  const refsOf = new Map<object, FileRef[]>();
  for (const r of model.refs) {
    const list = refsOf.get(r.block);
    if (list) list.push(r);
    else refsOf.set(r.block, [r]);
  }
  for (const block of model.blocks) {
    const stamp = model.stamps.get(block);
    const reused = stamp && cache.issues(stamp, model.now);
    if (reused) {
      issues.push(...reused);
      continue;
    }
    const refs = refsOf.get(block) ?? [];
    const own = runTlsChecks({ ...model, blocks: [block], refs, misshaped: [] }, host);
    cache.analysed++;
    if (stamp)
      cache.setIssues(
        stamp,
        own,
        model.now,
        validUntil(
          refs.map((r) => r.file),
          model.now,
          model.settings.expiryWarningDays,
        ),
      );
    issues.push(...own);
  }
  return issues;
}

/** Checks that need several documents at once: client ↔ server pairing, identities, links between servers. */
const crossFileChecks: ((models: TlsModel[]) => SourceIssue[])[] = [checkPeers, checkIdentityMapping, checkTopologyLinks];

/** Findings that need several documents at once (client ↔ server pairing, the deployment's links). */
export function crossFileIssues(models: TlsModel[]): SourceIssue[] {
  if (models.length === 0) return [];
  return crossFileChecks.flatMap((check) => guarded(models[0]!.doc, () => check(models)));
}

/**
 * Findings by file, position and code. Strings compare by code unit, the same on every machine: the locale's
 * collation (localeCompare) loaded ICU's collation tables into every server, about 3 MB of resident memory.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      byCodeUnit(a.file, b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      byCodeUnit(a.code, b.code),
  );
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
