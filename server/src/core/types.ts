// Shared vocabulary of the engine. Nothing here knows about VS Code or LSP: the LSP layer converts.
import type { Stage } from './codes';

/** 0-based line and UTF-16 character offset, as LSP counts them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** When a problem bites: `nats-server -t` fails (load), connections fail (connect), or neither (advice). */
export type { Stage };

export interface RelatedInfo {
  file: string;
  range: Range;
  message: string;
}

/** One problem the engine found. `code` is stable; quick fixes key on `code` and `data`, never on `message`. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** Absolute path of the file the range belongs to (a config may report into an included file). */
  file: string;
  range: Range;
  data?: Record<string, unknown>;
  related?: RelatedInfo[];
  /** When it bites; from the code registry (core/codes.ts) unless the finding says otherwise. */
  stage?: Stage;
}

/** What the engine may ask of a file system. Injected so tests and the editor can supply their own. */
export interface FileStat {
  size: number;
  mtimeMs: number;
  /** 'file' | 'directory' | 'other' (FIFO, device, socket). Symlinks are followed. */
  type: 'file' | 'directory' | 'other';
  /** POSIX permission bits, when the platform has them. */
  mode?: number;
  /** The file's identity (inode and device) when the platform has one: a file renamed over another keeps neither. */
  ino?: number;
  dev?: number;
}

export type ReadResult =
  | { ok: true; data: Uint8Array; stat: FileStat }
  | {
      ok: false;
      reason: 'not-found' | 'directory' | 'not-regular' | 'permission' | 'too-large' | 'loop' | 'error';
      detail: string;
      stat?: FileStat;
    };

export interface EngineFs {
  /** Reads at most `limit` bytes; refuses directories, FIFOs and devices without opening them for reading. */
  readFile(path: string, limit: number): ReadResult;
  stat(path: string): FileStat | undefined;
  /**
   * Names in a directory (in no particular order), or undefined when it is not one. With `limit`, at most that
   * many names are read: a folder of a million files costs no more than the limit.
   */
  readDir?(path: string, limit?: number): string[] | undefined;
}

export interface Clock {
  now(): Date;
}

/** Never read more than this from a file the config names (issue: bounded reads). */
export const MAX_FILE_BYTES = 1024 * 1024;
