// Protocol 0's text arguments parsed as CPython parses them (src/wire/text-arguments.ts):
// random inputs compared with int(), float(), codecs.escape_decode, raw-unicode-escape and UTF-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TextArgumentError,
  decodeRawUnicodeEscapeCodePoints,
  escapeDecode,
  parsePyFloat,
  parsePyInt,
  utf8CodePoints,
  utf8ErrorMessage,
} from '../../src/wire/text-arguments.js';
import { bytesRepr } from '../../src/repr/bytes-repr.js';
import { floatRepr } from '../../src/wire/float-repr.js';
import { hasPython, runPython } from './golden-helpers.js';

type Kind = 'int10' | 'int0' | 'float' | 'escape' | 'rawunicode' | 'utf8';
type Outcome = { ok: string } | { error: [string, string] };

function ours(kind: Kind, data: Uint8Array): Outcome {
  try {
    switch (kind) {
      case 'int10':
        return { ok: String(parsePyInt(data, 0, data.length, 10)) };
      case 'int0':
        return { ok: String(parsePyInt(data, 0, data.length, 0)) };
      case 'float':
        return { ok: floatRepr(parsePyFloat(data, 0, data.length)) };
      case 'escape': {
        const out = escapeDecode(data, 0, data.length);
        return { ok: bytesRepr(out) };
      }
      case 'rawunicode':
        return { ok: `[${decodeRawUnicodeEscapeCodePoints(data, 0, data.length).join(', ')}]` };
      case 'utf8': {
        const message = utf8ErrorMessage(data, 0, data.length);
        if (message !== undefined) return { error: ['UnicodeDecodeError', message] };
        return { ok: `[${utf8CodePoints(data, 0, data.length).join(', ')}]` };
      }
    }
  } catch (e) {
    if (!(e instanceof TextArgumentError)) throw e;
    return { error: [e.pythonType, e.message] };
  }
}

const ALPHABET: Record<Kind, string> = {
  int10: '0123456789_ +-\t\nxL',
  int0: '0123456789_ +-xobXOBabcdef',
  float: '0123456789_.eE+- infatyINF',
  escape: '\\\\\\xabc0123456789\'"nrtvfq\n',
  rawunicode: '\\\\\\uU0123456789abcdefgxé',
  utf8: '',
};

test('text arguments parse like CPython on random inputs, live', { skip: !hasPython() && 'python3 not available' }, () => {
  let seed = 7;
  const rand = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const requests: [Kind, string][] = [];
  for (const kind of Object.keys(ALPHABET) as Kind[]) {
    for (let i = 0; i < 600; i++) {
      const n = Math.floor(rand() * 9);
      const bytes: number[] = [];
      for (let k = 0; k < n; k++) {
        if (kind === 'utf8') bytes.push(rand() < 0.4 ? Math.floor(rand() * 128) : 0x80 + Math.floor(rand() * 128));
        else {
          const alphabet = ALPHABET[kind];
          const c = alphabet[Math.floor(rand() * alphabet.length)]!;
          bytes.push(c === 'é' ? 0xe9 : c.charCodeAt(0));
        }
      }
      requests.push([kind, Buffer.from(bytes).toString('hex')]);
    }
  }
  requests.push(['int10', Buffer.from('1'.repeat(4301)).toString('hex')], ['int10', Buffer.from('x'.repeat(300)).toString('hex')]);
  const expected = runPython<Outcome[]>('text-arguments.py', requests);
  requests.forEach(([kind, hex], i) => {
    assert.deepEqual(ours(kind, Uint8Array.from(Buffer.from(hex, 'hex'))), expected[i], `${kind} ${hex}`);
  });
});
