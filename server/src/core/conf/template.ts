// Templated configs: Helm charts, Ansible (Jinja) and Puppet/Chef (ERB) render nats-server configs from
// templates. A template region (`{{ … }}`, `{% … %}`, `{# … #}`, `<% … %>`) is not config text: it stands for a
// value, for entries, or for nothing. The parser reads a masked copy of the text of the same length, so every
// offset stays true: a region alone on its lines (control flow, `toYaml … | nindent`) becomes blank, and a region
// inside a line (a value, part of a value, a key) becomes `_` characters, a placeholder the grammar reads as one
// bare word. Findings about what a region stands for are then dropped (withoutTemplateNoise): the value is
// unknown, and entries may come and go with `if`/`range`.

export type TemplateKind = 'helm' | 'go' | 'jinja' | 'erb';

export interface TemplateRegion {
  start: number;
  end: number;
  /** Alone on its lines: stands for entries (or nothing), not for a value. */
  lines: boolean;
}

export interface TemplateInfo {
  kinds: TemplateKind[];
  regions: TemplateRegion[];
  /** The text with every region masked (same length, same line breaks). */
  masked: string;
  /** Some region controls which entries exist (`if`, `range`, `for`, `with`, `else`, `end`, …). */
  controls: boolean;
}

const OPEN = /\{\{|\{%|\{#|<%/g;
const ANY_OPEN = /\{[{%#]|<%/;
const CLOSE: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}', '<%': '%>' };
/**
 * NATS subject mappings write their functions in double braces (`"bar.{{wildcard(1)}}"`): those are config
 * text, not templates (nats-server's server/subject_transform.go).
 */
const MAPPING_FUNCTION =
  /^\{\{\s*(wildcard|partition|split|splitfromleft|splitfromright|slicefromleft|slicefromright|left|right|random)\s*\(/i;
/**
 * Double braces around config text (`a {{ b: 1 }}`, a map in a map) are a broken config, not a template: a
 * template expression holds no braces and does not start with `key:` or `key =`.
 */
const NOT_AN_EXPRESSION = /[{}]|^-?\s*[\w"']+\s*(?::(?!=)|=(?!=))/;
const CONTROL = /^(?:\{\{|\{%|<%)-?\s*(?:if|else|elif|elsif|end\w*|range|with|define|block|for|unless|case|when|macro|set|raw)\b/;
const HELM = /\.Values\b|\.Release\b|\.Chart\b|\binclude\s+"|\btoYaml\b|\bnindent\b|\bindent\b/;
/** Longest region read: a longer one is a brace in a broken config, not a template. */
const MAX_REGION = 8192;

/** The template regions of `text`, or undefined when it has none. Linear in the text's length. */
export function findTemplates(text: string): TemplateInfo | undefined {
  // One scan for any opener: four `includes` scanned a large config four times, stopping at every `{`.
  if (!ANY_OPEN.test(text)) return undefined;
  const regions: TemplateRegion[] = [];
  const kinds = new Set<TemplateKind>();
  // A closing delimiter that is not in the text after some offset is not there for any later opener either.
  const noCloseAfter = new Map<string, number>();
  let controls = false;
  OPEN.lastIndex = 0;
  for (let m = OPEN.exec(text); m; m = OPEN.exec(text)) {
    const open = m[0];
    const close = CLOSE[open]!;
    const from = m.index + 2;
    if ((noCloseAfter.get(close) ?? Infinity) <= from) continue;
    const end = text.indexOf(close, from);
    if (end < 0) {
      noCloseAfter.set(close, from);
      continue;
    }
    if (end - m.index > MAX_REGION) continue;
    const stop = end + 2;
    const region = text.slice(m.index, stop);
    // `{#` of a Jinja comment must close on its line: `tls {# a comment` is config text in any other file.
    if (open === '{#' && region.includes('\n')) continue;
    if (open === '{{' && (MAPPING_FUNCTION.test(region) || NOT_AN_EXPRESSION.test(region.slice(2, -2)))) {
      OPEN.lastIndex = stop;
      continue;
    }
    regions.push({ start: m.index, end: stop, lines: false });
    if (CONTROL.test(region)) controls = true;
    if (open === '<%') kinds.add('erb');
    else if (open !== '{{') kinds.add('jinja');
    else kinds.add(HELM.test(region) ? 'helm' : 'go');
    OPEN.lastIndex = stop;
  }
  if (regions.length === 0) return undefined;
  // Go and Jinja share `{{ }}`: with `{% %}` around, the file is Jinja.
  if (kinds.has('jinja')) {
    kinds.delete('go');
  } else if (kinds.has('helm')) kinds.delete('go');
  return { kinds: [...kinds], regions, masked: mask(text, regions), controls };
}

/** Marks the regions alone on their lines, then masks: blank for those, `_` for the rest (line breaks kept). */
function mask(text: string, regions: TemplateRegion[]): string {
  // Per line: does it hold config text outside the regions? One pass over the text.
  const content: boolean[] = [];
  let line = 0;
  let r = 0;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const region = regions[r];
    if (region && i === region.start) {
      for (; i < region.end; i++) {
        if (text.charCodeAt(i) === 10) {
          content[line++] = has;
          has = false;
        }
      }
      i--;
      r++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      content[line++] = has;
      has = false;
    } else if (c !== 32 && c !== 9 && c !== 13) has = true;
  }
  content[line] = has;
  const out: string[] = [];
  let at = 0;
  let lineOf = 0;
  for (const region of regions) {
    lineOf += count(text, at, region.start);
    const lastLine = lineOf + count(text, region.start, region.end);
    region.lines = !content[lineOf] && !content[lastLine];
    out.push(text.slice(at, region.start));
    const fill = region.lines ? ' ' : '_';
    out.push(text.slice(region.start, region.end).replace(/[^\n\r]/g, fill));
    lineOf = lastLine;
    at = region.end;
  }
  out.push(text.slice(at));
  return out.join('');
}

function count(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const KIND_NAMES: Record<TemplateKind, string> = { helm: 'Helm', go: 'Go template', jinja: 'Jinja', erb: 'ERB' };

export function templateKindNames(kinds: TemplateKind[]): string {
  return kinds.map((k) => KIND_NAMES[k]).join(' and ');
}

/**
 * Codes about what a block holds as a whole (a field missing, two that conflict, a name defined twice or
 * never): in a template, `if`/`range` regions and whole-line includes may add or remove the entries they
 * are about, so they are not reported when the file has such regions.
 */
const ENTRY_CODES = new Set([
  'missing-key-file',
  'missing-cert-file',
  'no-certificate',
  'conflicting-fields',
  'duplicate-user',
  'verify-without-ca',
  'ca-file-unused',
  'empty-config',
  'unknown-account',
  'import-not-exported',
  'key-without-value',
]);
const SYNTAX_CODES = new Set(['syntax-error', 'yaml-style-block', 'unquoted-dot-value', 'key-without-value']);

interface Located {
  code: string;
  start: number;
  end: number;
}

/**
 * Whether a finding is about what a template region stands for: it touches a region, or (for syntax and
 * whole-block codes) the regions may change the entries or the braces it is about.
 */
export function isTemplateNoise(info: TemplateInfo, issue: Located, text: string): boolean {
  if (issue.code === 'templated-config') return false;
  if (overlaps(info.regions, issue.start, issue.end)) return true;
  const entryRegions = info.regions.some((r) => r.lines);
  if (entryRegions && ENTRY_CODES.has(issue.code)) return true;
  if (SYNTAX_CODES.has(issue.code)) {
    // A syntax error next to a region (the line before or after) or, with control flow, at the end of the file
    // (an `if` branch that opens a block the other closes) is the template's doing.
    const lineStart = text.lastIndexOf('\n', Math.max(0, issue.start - 1));
    const prev = text.lastIndexOf('\n', Math.max(0, lineStart - 1));
    let nextEnd = text.indexOf('\n', issue.end);
    nextEnd = nextEnd < 0 ? text.length : text.indexOf('\n', nextEnd + 1);
    if (overlaps(info.regions, prev < 0 ? 0 : prev, nextEnd < 0 ? text.length : nextEnd)) return true;
    if (info.controls && text.slice(issue.start).trim() === '') return true;
  }
  return false;
}

/** Whether [start, end] touches a region (regions are sorted). */
function overlaps(regions: TemplateRegion[], start: number, end: number): boolean {
  let lo = 0;
  let hi = regions.length;
  // The first region that ends at or after start.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (regions[mid]!.end < start) lo = mid + 1;
    else hi = mid;
  }
  const r = regions[lo];
  return r !== undefined && r.start <= end;
}
