/**
 * `pathlib` paths as JS values: `PurePosixPath`, `PureWindowsPath`, and the
 * concrete `PosixPath`/`WindowsPath` (which here are the same pure values: no
 * file system access). Each keeps Python's `parts`, and pickles as CPython
 * 3.11 does: `pathlib.PosixPath(*parts)`.
 */
import { PY_REPR, type PyReprResult } from '../repr/py-repr.js';

/** A POSIX path: `/`-separated, optional root `/` (or exactly `//`). */
export class PurePosixPath {
  /** Python's `parts`: the root (if any) then each name. */
  readonly parts: readonly string[];

  /**
   * Joins `segments` as Python does (a segment with a root restarts the path).
   * @throws TypeError for a non-string segment.
   */
  constructor(...segments: string[]) {
    let root = '';
    let names: string[] = [];
    for (const seg of segments) {
      if (typeof seg !== 'string') throw new TypeError('path segments must be str');
      if (seg.startsWith('/')) {
        root = seg.startsWith('//') && !seg.startsWith('///') ? '//' : '/';
        names = [];
      }
      for (const name of seg.split('/')) if (name !== '' && name !== '.') names.push(name);
    }
    this.parts = Object.freeze(root ? [root, ...names] : names);
  }

  /** The path as a string, `.` when empty. */
  toString(): string {
    const [first] = this.parts;
    if (first === undefined) return '.';
    if (first.startsWith('/')) return first + this.parts.slice(1).join('/');
    return this.parts.join('/');
  }

  /** `<class 'pathlib.PurePosixPath'>`. */
  static [PY_REPR](): string {
    return "<class 'pathlib.PurePosixPath'>";
  }

  /** Python's repr: `PurePosixPath('/usr/lib')` (the class name, then `as_posix()`). */
  [PY_REPR](): PyReprResult {
    return { call: pathTypeName(this), args: [this.toString()] };
  }
}

/** A Windows path: `\`-separated (`/` accepted), with drive (`c:`, `\\server\share`) and root. */
export class PureWindowsPath {
  /** Python's `parts`: drive+root (if any) then each name. */
  readonly parts: readonly string[];

  /**
   * Joins `segments` as Python does, approximately: a segment with a drive
   * restarts the path, one with only a root keeps the drive.
   * @throws TypeError for a non-string segment.
   */
  constructor(...segments: string[]) {
    let drive = '';
    let root = '';
    let names: string[] = [];
    for (const raw of segments) {
      if (typeof raw !== 'string') throw new TypeError('path segments must be str');
      let seg = raw.replace(/\//g, '\\');
      const unc = /^\\\\([^\\]+)\\([^\\]+)/.exec(seg);
      const letter = /^[A-Za-z]:/.exec(seg);
      if (unc) {
        drive = unc[0];
        root = '\\';
        names = [];
        seg = seg.slice(unc[0].length);
      } else if (letter) {
        drive = letter[0];
        root = '';
        names = [];
        seg = seg.slice(2);
      }
      if (seg.startsWith('\\')) {
        root = '\\';
        names = [];
      }
      for (const name of seg.split('\\')) if (name !== '' && name !== '.') names.push(name);
    }
    const anchor = drive + root;
    this.parts = Object.freeze(anchor ? [anchor, ...names] : names);
  }

  /** The path as a string, `.` when empty. */
  toString(): string {
    const [first] = this.parts;
    if (first === undefined) return '.';
    if (/[\\:]$/.test(first) && this.parts.length > 0) return first + this.parts.slice(1).join('\\');
    return this.parts.join('\\');
  }

  /** `<class 'pathlib.PureWindowsPath'>`. */
  static [PY_REPR](): string {
    return "<class 'pathlib.PureWindowsPath'>";
  }

  /** Python's repr: `PureWindowsPath('c:/Program Files')` (the class name, then `as_posix()`). */
  [PY_REPR](): PyReprResult {
    return { call: pathTypeName(this), args: [this.toString().replace(/\\/g, '/')] };
  }
}

/** Python's `pathlib.PosixPath` (no file system access here). */
export class PosixPath extends PurePosixPath {
  /** `<class 'pathlib.PosixPath'>`. */
  static override [PY_REPR](): string {
    return "<class 'pathlib.PosixPath'>";
  }
}

/** Python's `pathlib.WindowsPath` (no file system access here). */
export class WindowsPath extends PureWindowsPath {
  /** `<class 'pathlib.WindowsPath'>`. */
  static override [PY_REPR](): string {
    return "<class 'pathlib.WindowsPath'>";
  }
}

/** The Python class name of a path (spelled out: a minifier may rename the JS classes). */
function pathTypeName(path: PurePosixPath | PureWindowsPath): string {
  const ctor = path.constructor;
  if (ctor === PosixPath) return 'PosixPath';
  if (ctor === WindowsPath) return 'WindowsPath';
  if (ctor === PurePosixPath) return 'PurePosixPath';
  if (ctor === PureWindowsPath) return 'PureWindowsPath';
  return ctor.name || (path instanceof PurePosixPath ? 'PurePosixPath' : 'PureWindowsPath');
}
