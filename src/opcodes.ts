/**
 * The one description of pickle's 68 opcodes. The unpickler, the pickler,
 * `genops`/`dis`/`optimize` and the scanner all read this table; nothing else
 * in picklejar describes an opcode. Modelled on CPython's `Lib/pickletools.py`.
 */

/**
 * How an opcode's inline argument is encoded. Names follow pickletools'
 * ArgumentDescriptor names, so `dis` can report them the same way.
 */
export type ArgKind =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'stringnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestringnl'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8'
  | 'floatnl'
  | 'float8'
  | 'long1'
  | 'long4';

/** Static facts about each argument kind: fixed width (or -1), and the length-prefix width for counted kinds. */
export interface ArgKindInfo {
  /** Number of bytes for a fixed-width argument; -1 when it ends at a newline; -2 when counted. */
  readonly width: number;
  /** Width of the little-endian length prefix for counted arguments (1, 4 or 8), else 0. */
  readonly lengthWidth: number;
  /** pickletools' name for the argument, as printed by its documentation. */
  readonly name: string;
}

const FIXED = (width: number, name: string): ArgKindInfo => ({ width, lengthWidth: 0, name });
const LINE = (name: string): ArgKindInfo => ({ width: -1, lengthWidth: 0, name });
const COUNTED = (lengthWidth: number, name: string): ArgKindInfo => ({ width: -2, lengthWidth, name });

/** Facts about every argument kind. */
export const ARG_KINDS: Readonly<Record<ArgKind, ArgKindInfo>> = {
  none: FIXED(0, 'none'),
  uint1: FIXED(1, 'uint1'),
  uint2: FIXED(2, 'uint2'),
  int4: FIXED(4, 'int4'),
  uint4: FIXED(4, 'uint4'),
  uint8: FIXED(8, 'uint8'),
  float8: FIXED(8, 'float8'),
  decimalnl_short: LINE('decimalnl_short'),
  decimalnl_long: LINE('decimalnl_long'),
  stringnl: LINE('stringnl'),
  stringnl_noescape: LINE('stringnl_noescape'),
  stringnl_noescape_pair: LINE('stringnl_noescape_pair'),
  unicodestringnl: LINE('unicodestringnl'),
  floatnl: LINE('floatnl'),
  string1: COUNTED(1, 'string1'),
  string4: COUNTED(4, 'string4'),
  bytes1: COUNTED(1, 'bytes1'),
  bytes4: COUNTED(4, 'bytes4'),
  bytes8: COUNTED(8, 'bytes8'),
  bytearray8: COUNTED(8, 'bytearray8'),
  unicodestring1: COUNTED(1, 'unicodestring1'),
  unicodestring4: COUNTED(4, 'unicodestring4'),
  unicodestring8: COUNTED(8, 'unicodestring8'),
  long1: COUNTED(1, 'long1'),
  long4: COUNTED(4, 'long4'),
};

/**
 * Abstract stack items, named as in pickletools (`StackObject` names), used
 * for stack-effect checks in `dis` and symbolic execution in the scanner.
 * `mark` is pickletools' `markobject`, `slice` its `stackslice`.
 */
export type StackItem =
  | 'any'
  | 'mark'
  | 'slice'
  | 'int'
  | 'int_or_bool'
  | 'bool'
  | 'float'
  | 'bytes'
  | 'bytearray'
  | 'bytes_or_str'
  | 'str'
  | 'none'
  | 'tuple'
  | 'list'
  | 'dict'
  | 'set'
  | 'frozenset'
  | 'buffer';

/** pickletools' printed names of the stack items (as `repr(StackObject)` shows them). */
export const STACK_ITEM_NAMES: Readonly<Record<StackItem, string>> = {
  any: 'any',
  mark: 'mark',
  slice: 'stackslice',
  int: 'int',
  int_or_bool: 'int_or_bool',
  bool: 'bool',
  float: 'float',
  bytes: 'bytes',
  bytearray: 'bytearray',
  bytes_or_str: 'bytes_or_str',
  str: 'str',
  none: 'None',
  tuple: 'tuple',
  list: 'list',
  dict: 'dict',
  set: 'set',
  frozenset: 'frozenset',
  buffer: 'buffer',
};

/**
 * Opcode bytes. A `const enum` so every `case Op.X:` in the hot loops compiles to a
 * literal and V8 can build a jump table; the table below refers to these, so each
 * byte is written exactly once.
 */
export const enum Op {
  INT = 0x49, // I
  BININT = 0x4a, // J
  BININT1 = 0x4b, // K
  BININT2 = 0x4d, // M
  LONG = 0x4c, // L
  LONG1 = 0x8a, // \x8a
  LONG4 = 0x8b, // \x8b
  STRING = 0x53, // S
  BINSTRING = 0x54, // T
  SHORT_BINSTRING = 0x55, // U
  BINBYTES = 0x42, // B
  SHORT_BINBYTES = 0x43, // C
  BINBYTES8 = 0x8e, // \x8e
  BYTEARRAY8 = 0x96, // \x96
  NEXT_BUFFER = 0x97, // \x97
  READONLY_BUFFER = 0x98, // \x98
  NONE = 0x4e, // N
  NEWTRUE = 0x88, // \x88
  NEWFALSE = 0x89, // \x89
  UNICODE = 0x56, // V
  SHORT_BINUNICODE = 0x8c, // \x8c
  BINUNICODE = 0x58, // X
  BINUNICODE8 = 0x8d, // \x8d
  FLOAT = 0x46, // F
  BINFLOAT = 0x47, // G
  EMPTY_LIST = 0x5d, // ]
  APPEND = 0x61, // a
  APPENDS = 0x65, // e
  LIST = 0x6c, // l
  EMPTY_TUPLE = 0x29, // )
  TUPLE = 0x74, // t
  TUPLE1 = 0x85, // \x85
  TUPLE2 = 0x86, // \x86
  TUPLE3 = 0x87, // \x87
  EMPTY_DICT = 0x7d, // }
  DICT = 0x64, // d
  SETITEM = 0x73, // s
  SETITEMS = 0x75, // u
  EMPTY_SET = 0x8f, // \x8f
  ADDITEMS = 0x90, // \x90
  FROZENSET = 0x91, // \x91
  POP = 0x30, // 0
  DUP = 0x32, // 2
  MARK = 0x28, // (
  POP_MARK = 0x31, // 1
  GET = 0x67, // g
  BINGET = 0x68, // h
  LONG_BINGET = 0x6a, // j
  PUT = 0x70, // p
  BINPUT = 0x71, // q
  LONG_BINPUT = 0x72, // r
  MEMOIZE = 0x94, // \x94
  EXT1 = 0x82, // \x82
  EXT2 = 0x83, // \x83
  EXT4 = 0x84, // \x84
  GLOBAL = 0x63, // c
  STACK_GLOBAL = 0x93, // \x93
  REDUCE = 0x52, // R
  BUILD = 0x62, // b
  INST = 0x69, // i
  OBJ = 0x6f, // o
  NEWOBJ = 0x81, // \x81
  NEWOBJ_EX = 0x92, // \x92
  PROTO = 0x80, // \x80
  STOP = 0x2e, // .
  FRAME = 0x95, // \x95
  PERSID = 0x50, // P
  BINPERSID = 0x51, // Q
}

/** One opcode's complete description. */
export interface OpcodeInfo {
  /** pickletools' name, e.g. `BINUNICODE`. */
  readonly name: string;
  /** The opcode byte. */
  readonly code: number;
  /** How its inline argument is encoded. */
  readonly arg: ArgKind;
  /** Stack items consumed, bottom to top. */
  readonly before: readonly StackItem[];
  /** Stack items produced, bottom to top. */
  readonly after: readonly StackItem[];
  /** The protocol that introduced it. */
  readonly proto: number;
  /** One line on what it does. */
  readonly doc: string;
  /**
   * The first line of the opcode's doc in CPython's pickletools, word for word:
   * what `pickletools.dis(..., annotate=N)` prints after each line.
   */
  readonly pickletoolsDoc: string;
}

function op(
  name: string,
  code: Op,
  arg: ArgKind,
  before: readonly StackItem[],
  after: readonly StackItem[],
  proto: number,
  doc: string,
  pickletoolsDoc: string,
): OpcodeInfo {
  return Object.freeze({ name, code, arg, before, after, proto, doc, pickletoolsDoc });
}

/**
 * All 68 opcodes, in pickletools' order: the one home of each opcode's
 * documentation. Each row ends with picklejar's one-line summary, then the
 * first line of the opcode's doc in CPython's pickletools, word for word
 * (typos included: `dis(annotate=N)` prints it; test/tools/opcode-table.test.ts
 * checks it against golden/opcodes.json, written by test/tools/generate-goldens.py).
 */
export const OPCODE_LIST: readonly OpcodeInfo[] = Object.freeze([
  // integers
  op('INT', Op.INT, 'decimalnl_short', [], ['int_or_bool'], 0, 'Push an integer or bool (text, newline-terminated).', 'Push an integer or bool.'),
  op('BININT', Op.BININT, 'int4', [], ['int'], 1, 'Push a four-byte signed integer.', 'Push a four-byte signed integer.'),
  op('BININT1', Op.BININT1, 'uint1', [], ['int'], 1, 'Push a one-byte unsigned integer.', 'Push a one-byte unsigned integer.'),
  op('BININT2', Op.BININT2, 'uint2', [], ['int'], 1, 'Push a two-byte unsigned integer.', 'Push a two-byte unsigned integer.'),
  op('LONG', Op.LONG, 'decimalnl_long', [], ['int'], 0, 'Push a long integer (text, trailing L allowed).', 'Push a long integer.'),
  op('LONG1', Op.LONG1, 'long1', [], ['int'], 2, "Push a long integer: 1-byte length, little-endian two's complement.", 'Long integer using one-byte length.'),
  op(
    'LONG4',
    Op.LONG4,
    'long4',
    [],
    ['int'],
    2,
    "Push a long integer: 4-byte length, little-endian two's complement.",
    'Long integer using found-byte length.',
  ),
  // strings
  op('STRING', Op.STRING, 'stringnl', [], ['bytes_or_str'], 0, 'Push a Python 2 string (quoted repr, newline-terminated).', 'Push a Python string object.'),
  op('BINSTRING', Op.BINSTRING, 'string4', [], ['bytes_or_str'], 1, 'Push a Python 2 string: 4-byte signed length.', 'Push a Python string object.'),
  op('SHORT_BINSTRING', Op.SHORT_BINSTRING, 'string1', [], ['bytes_or_str'], 1, 'Push a Python 2 string: 1-byte length.', 'Push a Python string object.'),
  // bytes
  op('BINBYTES', Op.BINBYTES, 'bytes4', [], ['bytes'], 3, 'Push bytes: 4-byte length.', 'Push a Python bytes object.'),
  op('SHORT_BINBYTES', Op.SHORT_BINBYTES, 'bytes1', [], ['bytes'], 3, 'Push bytes: 1-byte length.', 'Push a Python bytes object.'),
  op('BINBYTES8', Op.BINBYTES8, 'bytes8', [], ['bytes'], 4, 'Push bytes: 8-byte length.', 'Push a Python bytes object.'),
  // bytearray and buffers
  op('BYTEARRAY8', Op.BYTEARRAY8, 'bytearray8', [], ['bytearray'], 5, 'Push a bytearray: 8-byte length.', 'Push a Python bytearray object.'),
  op('NEXT_BUFFER', Op.NEXT_BUFFER, 'none', [], ['buffer'], 5, 'Push the next out-of-band buffer.', 'Push an out-of-band buffer object.'),
  op(
    'READONLY_BUFFER',
    Op.READONLY_BUFFER,
    'none',
    ['buffer'],
    ['buffer'],
    5,
    'Make the top buffer read-only.',
    'Make an out-of-band buffer object read-only.',
  ),
  // none and bools
  op('NONE', Op.NONE, 'none', [], ['none'], 0, 'Push None.', 'Push None on the stack.'),
  op('NEWTRUE', Op.NEWTRUE, 'none', [], ['bool'], 2, 'Push True.', 'Push True onto the stack.'),
  op('NEWFALSE', Op.NEWFALSE, 'none', [], ['bool'], 2, 'Push False.', 'Push False onto the stack.'),
  // unicode
  op('UNICODE', Op.UNICODE, 'unicodestringnl', [], ['str'], 0, 'Push a str (raw-unicode-escape, newline-terminated).', 'Push a Python Unicode string object.'),
  op('SHORT_BINUNICODE', Op.SHORT_BINUNICODE, 'unicodestring1', [], ['str'], 4, 'Push a str: 1-byte length, UTF-8.', 'Push a Python Unicode string object.'),
  op('BINUNICODE', Op.BINUNICODE, 'unicodestring4', [], ['str'], 1, 'Push a str: 4-byte length, UTF-8.', 'Push a Python Unicode string object.'),
  op('BINUNICODE8', Op.BINUNICODE8, 'unicodestring8', [], ['str'], 4, 'Push a str: 8-byte length, UTF-8.', 'Push a Python Unicode string object.'),
  // floats
  op('FLOAT', Op.FLOAT, 'floatnl', [], ['float'], 0, 'Push a float (text, newline-terminated).', 'Newline-terminated decimal float literal.'),
  op('BINFLOAT', Op.BINFLOAT, 'float8', [], ['float'], 1, 'Push a float: 8-byte big-endian IEEE 754.', 'Float stored in binary form, with 8 bytes of data.'),
  // lists
  op('EMPTY_LIST', Op.EMPTY_LIST, 'none', [], ['list'], 1, 'Push an empty list.', 'Push an empty list.'),
  op('APPEND', Op.APPEND, 'none', ['list', 'any'], ['list'], 0, 'Append the top item to the list below it.', 'Append an object to a list.'),
  op(
    'APPENDS',
    Op.APPENDS,
    'none',
    ['list', 'mark', 'slice'],
    ['list'],
    1,
    'Extend the list below the mark with the items above it.',
    'Extend a list by a slice of stack objects.',
  ),
  op(
    'LIST',
    Op.LIST,
    'none',
    ['mark', 'slice'],
    ['list'],
    0,
    'Build a list of the items above the mark.',
    'Build a list out of the topmost stack slice, after markobject.',
  ),
  // tuples
  op('EMPTY_TUPLE', Op.EMPTY_TUPLE, 'none', [], ['tuple'], 1, 'Push an empty tuple.', 'Push an empty tuple.'),
  op(
    'TUPLE',
    Op.TUPLE,
    'none',
    ['mark', 'slice'],
    ['tuple'],
    0,
    'Build a tuple of the items above the mark.',
    'Build a tuple out of the topmost stack slice, after markobject.',
  ),
  op('TUPLE1', Op.TUPLE1, 'none', ['any'], ['tuple'], 2, 'Build a 1-tuple from the top item.', 'Build a one-tuple out of the topmost item on the stack.'),
  op(
    'TUPLE2',
    Op.TUPLE2,
    'none',
    ['any', 'any'],
    ['tuple'],
    2,
    'Build a 2-tuple from the top two items.',
    'Build a two-tuple out of the top two items on the stack.',
  ),
  op(
    'TUPLE3',
    Op.TUPLE3,
    'none',
    ['any', 'any', 'any'],
    ['tuple'],
    2,
    'Build a 3-tuple from the top three items.',
    'Build a three-tuple out of the top three items on the stack.',
  ),
  // dicts
  op('EMPTY_DICT', Op.EMPTY_DICT, 'none', [], ['dict'], 1, 'Push an empty dict.', 'Push an empty dict.'),
  op(
    'DICT',
    Op.DICT,
    'none',
    ['mark', 'slice'],
    ['dict'],
    0,
    'Build a dict of the key/value pairs above the mark.',
    'Build a dict out of the topmost stack slice, after markobject.',
  ),
  op('SETITEM', Op.SETITEM, 'none', ['dict', 'any', 'any'], ['dict'], 0, 'Set dict[key] = value.', 'Add a key+value pair to an existing dict.'),
  op(
    'SETITEMS',
    Op.SETITEMS,
    'none',
    ['dict', 'mark', 'slice'],
    ['dict'],
    1,
    'Set the key/value pairs above the mark into the dict below it.',
    'Add an arbitrary number of key+value pairs to an existing dict.',
  ),
  // sets
  op('EMPTY_SET', Op.EMPTY_SET, 'none', [], ['set'], 4, 'Push an empty set.', 'Push an empty set.'),
  op(
    'ADDITEMS',
    Op.ADDITEMS,
    'none',
    ['set', 'mark', 'slice'],
    ['set'],
    4,
    'Add the items above the mark to the set below it.',
    'Add an arbitrary number of items to an existing set.',
  ),
  op(
    'FROZENSET',
    Op.FROZENSET,
    'none',
    ['mark', 'slice'],
    ['frozenset'],
    4,
    'Build a frozenset of the items above the mark.',
    'Build a frozenset out of the topmost slice, after markobject.',
  ),
  // stack manipulation
  op('POP', Op.POP, 'none', ['any'], [], 0, 'Discard the top item.', 'Discard the top stack item, shrinking the stack by one item.'),
  op('DUP', Op.DUP, 'none', ['any'], ['any', 'any'], 0, 'Push the top item again.', 'Push the top stack item onto the stack again, duplicating it.'),
  op('MARK', Op.MARK, 'none', [], ['mark'], 0, 'Push a mark.', 'Push markobject onto the stack.'),
  op(
    'POP_MARK',
    Op.POP_MARK,
    'none',
    ['mark', 'slice'],
    [],
    1,
    'Discard everything down to and including the top mark.',
    'Pop all the stack objects at and above the topmost markobject.',
  ),
  // memo
  op('GET', Op.GET, 'decimalnl_short', [], ['any'], 0, 'Push a memo item (text index).', 'Read an object from the memo and push it on the stack.'),
  op('BINGET', Op.BINGET, 'uint1', [], ['any'], 1, 'Push a memo item (1-byte index).', 'Read an object from the memo and push it on the stack.'),
  op('LONG_BINGET', Op.LONG_BINGET, 'uint4', [], ['any'], 1, 'Push a memo item (4-byte index).', 'Read an object from the memo and push it on the stack.'),
  op(
    'PUT',
    Op.PUT,
    'decimalnl_short',
    [],
    [],
    0,
    'Store the top item in the memo (text index).',
    'Store the stack top into the memo.  The stack is not popped.',
  ),
  op('BINPUT', Op.BINPUT, 'uint1', [], [], 1, 'Store the top item in the memo (1-byte index).', 'Store the stack top into the memo.  The stack is not popped.'),
  op(
    'LONG_BINPUT',
    Op.LONG_BINPUT,
    'uint4',
    [],
    [],
    1,
    'Store the top item in the memo (4-byte index).',
    'Store the stack top into the memo.  The stack is not popped.',
  ),
  op(
    'MEMOIZE',
    Op.MEMOIZE,
    'none',
    ['any'],
    ['any'],
    4,
    'Store the top item in the memo at the next index.',
    'Store the stack top into the memo.  The stack is not popped.',
  ),
  // extension registry
  op('EXT1', Op.EXT1, 'uint1', [], ['any'], 2, 'Push an object from the extension registry (1-byte code).', 'Extension code.'),
  op('EXT2', Op.EXT2, 'uint2', [], ['any'], 2, 'Push an object from the extension registry (2-byte code).', 'Extension code.'),
  op('EXT4', Op.EXT4, 'int4', [], ['any'], 2, 'Push an object from the extension registry (4-byte code).', 'Extension code.'),
  // objects
  op(
    'GLOBAL',
    Op.GLOBAL,
    'stringnl_noescape_pair',
    [],
    ['any'],
    0,
    'Push a global: module and name on two lines.',
    'Push a global object (module.attr) on the stack.',
  ),
  op(
    'STACK_GLOBAL',
    Op.STACK_GLOBAL,
    'none',
    ['str', 'str'],
    ['any'],
    4,
    'Push a global from module and name on the stack.',
    'Push a global object (module.attr) on the stack.',
  ),
  op(
    'REDUCE',
    Op.REDUCE,
    'none',
    ['any', 'any'],
    ['any'],
    0,
    'Call the callable with the argument tuple.',
    'Push an object built from a callable and an argument tuple.',
  ),
  op(
    'BUILD',
    Op.BUILD,
    'none',
    ['any', 'any'],
    ['any'],
    0,
    "Set an object's state (__setstate__ or __dict__ update).",
    'Finish building an object, via __setstate__ or dict update.',
  ),
  op(
    'INST',
    Op.INST,
    'stringnl_noescape_pair',
    ['mark', 'slice'],
    ['any'],
    0,
    'Build an instance of a named class from the items above the mark.',
    'Build a class instance.',
  ),
  op(
    'OBJ',
    Op.OBJ,
    'none',
    ['mark', 'any', 'slice'],
    ['any'],
    1,
    'Build an instance of the class above the mark from the items after it.',
    'Build a class instance.',
  ),
  op('NEWOBJ', Op.NEWOBJ, 'none', ['any', 'any'], ['any'], 2, 'cls.__new__(cls, *args).', 'Build an object instance.'),
  op('NEWOBJ_EX', Op.NEWOBJ_EX, 'none', ['any', 'any', 'any'], ['any'], 4, 'cls.__new__(cls, *args, **kwargs).', 'Build an object instance.'),
  // machine control
  op('PROTO', Op.PROTO, 'uint1', [], [], 2, 'Declare the protocol number.', 'Protocol version indicator.'),
  op('STOP', Op.STOP, 'none', ['any'], [], 0, 'Stop: the top item is the result.', 'Stop the unpickling machine.'),
  // framing
  op('FRAME', Op.FRAME, 'uint8', [], [], 4, 'Announce a frame of the given length.', 'Indicate the beginning of a new frame.'),
  // persistent ids
  op('PERSID', Op.PERSID, 'stringnl_noescape', [], ['any'], 0, 'Push a persistent object by its id (text).', 'Push an object identified by a persistent ID.'),
  op(
    'BINPERSID',
    Op.BINPERSID,
    'none',
    ['any'],
    ['any'],
    1,
    'Push a persistent object by the id on the stack.',
    'Push an object identified by a persistent ID.',
  ),
]);

/** Opcode descriptions indexed by opcode byte; `undefined` for bytes that are not opcodes. */
export const OPCODES_BY_CODE: readonly (OpcodeInfo | undefined)[] = (() => {
  const table: (OpcodeInfo | undefined)[] = new Array(256).fill(undefined);
  for (const info of OPCODE_LIST) table[info.code] = info;
  return Object.freeze(table);
})();

/** Opcode descriptions by name. */
export const OPCODES_BY_NAME: Readonly<Record<string, OpcodeInfo>> = Object.freeze(Object.fromEntries(OPCODE_LIST.map((info) => [info.name, info])));

/** The highest protocol picklejar reads and writes (as CPython 3.11). */
export const HIGHEST_PROTOCOL = 5;
/** The protocol `dumps` uses when none is given (as CPython 3.11). */
export const DEFAULT_PROTOCOL = 4;
