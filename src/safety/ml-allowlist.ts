/**
 * What numpy, PyTorch, pandas, scikit-learn and joblib themselves write into
 * pickles, read from their sources (numpy 1.24 / 2.x `__reduce__` methods and
 * `copyreg` registrations, torch 1.13 `Tensor.__reduce_ex__` and
 * `_weights_only_unpickler`, pandas 1.5 `__reduce__`/`__setstate__`,
 * scikit-learn 1.2 `BaseEstimator.__getstate__`, joblib 1.2 `numpy_pickle`),
 * and checked against real files written by those versions
 * (test/safety/benign/). Each row says how it may be used and why that use is
 * benign. Things that touch files or run code when called (`numpy.memmap`,
 * `numpy.load`, `torch.load`, `joblib.load`) are deliberately absent or
 * `state`-only.
 */
import type { CallRule, EntryRow, GlobalPair, PrefixRule } from './allowlist.js';

const rows = (library: string, rule: CallRule, why: string, pairs: readonly (readonly [string, string])[]): EntryRow[] =>
  pairs.map(([m, n]): EntryRow => [m, n, rule, library, why]);

const both = (name: string): [string, string][] => [
  ['numpy.core.multiarray', name],
  ['numpy._core.multiarray', name],
];

const NUMPY_SCALARS = [
  'bool_',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'intc',
  'uintc',
  'longlong',
  'ulonglong',
  'float16',
  'float32',
  'float64',
  'longdouble',
  'complex64',
  'complex128',
  'clongdouble',
  'str_',
  'bytes_',
  'void',
  'object_',
  'datetime64',
  'timedelta64',
  'generic',
  'number',
  'integer',
  'floating',
  'complexfloating',
];

// Not the whole C module: it also holds fromfile and other functions that touch files.
const NUMPY_UFUNCS = [
  'add',
  'subtract',
  'multiply',
  'divide',
  'true_divide',
  'floor_divide',
  'power',
  'float_power',
  'remainder',
  'mod',
  'fmod',
  'sqrt',
  'cbrt',
  'square',
  'reciprocal',
  'exp',
  'exp2',
  'expm1',
  'log',
  'log2',
  'log10',
  'log1p',
  'sin',
  'cos',
  'tan',
  'arcsin',
  'arccos',
  'arctan',
  'arctan2',
  'sinh',
  'cosh',
  'tanh',
  'arcsinh',
  'arccosh',
  'arctanh',
  'absolute',
  'fabs',
  'negative',
  'positive',
  'sign',
  'floor',
  'ceil',
  'trunc',
  'rint',
  'maximum',
  'minimum',
  'fmax',
  'fmin',
  'greater',
  'greater_equal',
  'less',
  'less_equal',
  'equal',
  'not_equal',
  'logical_and',
  'logical_or',
  'logical_xor',
  'logical_not',
  'bitwise_and',
  'bitwise_or',
  'bitwise_xor',
  'invert',
  'left_shift',
  'right_shift',
  'isnan',
  'isinf',
  'isfinite',
  'matmul',
  'hypot',
  'deg2rad',
  'rad2deg',
  'heaviside',
  'clip',
  'conjugate',
];

const NUMPY: EntryRow[] = [
  ...rows('numpy', 'factory', 'ndarray.__reduce__: ndarray.__new__ of the (allowlisted) subclass in its first argument; data comes by BUILD', [
    ...both('_reconstruct'),
  ]),
  ...rows('numpy', 'plain', 'numpy scalars: scalar(dtype, bytes) builds a value from raw bytes', [...both('scalar')]),
  ...rows('numpy', 'plain', 'protocol 5 arrays: _frombuffer(buffer, dtype, shape, order) views bytes as an array', [
    ['numpy.core.numeric', '_frombuffer'],
    ['numpy._core.numeric', '_frombuffer'],
  ]),
  ...rows('numpy', 'plain', 'dtype(str, align, copy) builds a dtype from its descriptor; state by BUILD', [['numpy', 'dtype']]),
  ...rows('numpy', 'plain', 'array classes: instantiated by _reconstruct or with (shape, dtype, buffer)', [
    ['numpy', 'ndarray'],
    ['numpy', 'recarray'],
    ['numpy', 'record'],
    ['numpy', 'matrix'],
    ['numpy.matrixlib.defmatrix', 'matrix'],
    ['numpy.ma.core', 'MaskedArray'],
    ['numpy.ma.core', 'mvoid'],
    ['numpy.ma.core', 'MaskedConstant'],
    ['numpy.core.records', 'recarray'],
    ['numpy.core.records', 'record'],
    ['numpy.core.defchararray', 'chararray'],
  ]),
  // memmap(filename, mode='w+') creates or truncates files: only ever as the class in _reconstruct.
  ...rows('numpy', 'state', 'an ndarray subclass rebuilt by _reconstruct; calling it opens files, which is not explained', [
    ['numpy', 'memmap'],
    ['numpy.core.memmap', 'memmap'],
    ['numpy._core.memmap', 'memmap'],
  ]),
  ...rows('numpy', 'factory', 'masked arrays: _mareconstruct(subtype, baseclass, shape, dtype) instantiates the allowlisted subtype', [
    ['numpy.ma.core', '_mareconstruct'],
  ]),
  ...rows('numpy', 'plain', 'numpy 1.25+/2.x dtype classes, by reference', [
    ...[
      'Float64DType',
      'Float32DType',
      'Float16DType',
      'Int64DType',
      'Int32DType',
      'Int16DType',
      'Int8DType',
      'UInt64DType',
      'UInt32DType',
      'UInt16DType',
      'UInt8DType',
      'BoolDType',
      'ObjectDType',
      'StrDType',
      'BytesDType',
      'VoidDType',
      'Complex64DType',
      'Complex128DType',
      'DateTime64DType',
      'TimeDelta64DType',
      'LongDoubleDType',
      'CLongDoubleDType',
      'StringDType',
    ].map((n): [string, string] => ['numpy.dtypes', n]),
    ['numpy.core', '_DType_reconstruct'],
    ['numpy._core', '_DType_reconstruct'],
  ]),
  ...rows(
    'numpy',
    'plain',
    'numpy scalar types, by reference',
    NUMPY_SCALARS.map((n): [string, string] => ['numpy', n]),
  ),
  ...rows('numpy', 'import2', '_ufunc_reconstruct(module, name) imports module.name: judged as that global', [
    ['numpy.core', '_ufunc_reconstruct'],
    ['numpy._core', '_ufunc_reconstruct'],
  ]),
  ...rows(
    'numpy',
    'plain',
    'ufuncs by reference (pure arithmetic; pickled as the C module attribute)',
    NUMPY_UFUNCS.flatMap((n): [string, string][] => [
      ['numpy.core._multiarray_umath', n],
      ['numpy._core._multiarray_umath', n],
      ['numpy', n],
    ]),
  ),
  ...rows('numpy', 'plain', 'random generators: the constructor looks the bit generator up by name in a fixed table; state by BUILD', [
    ['numpy.random._pickle', '__randomstate_ctor'],
    ['numpy.random._pickle', '__generator_ctor'],
    ['numpy.random._pickle', '__bit_generator_ctor'],
  ]),
];

const TORCH_DTYPES = [
  'float32',
  'float16',
  'bfloat16',
  'float64',
  'int64',
  'int32',
  'int16',
  'int8',
  'uint8',
  'bool',
  'complex32',
  'complex64',
  'complex128',
  'qint8',
  'quint8',
  'qint32',
  'quint4x2',
  'float',
  'double',
  'half',
  'long',
  'int',
  'short',
  'cfloat',
  'cdouble',
];
const TORCH_STORAGES = [
  'FloatStorage',
  'DoubleStorage',
  'HalfStorage',
  'BFloat16Storage',
  'LongStorage',
  'IntStorage',
  'ShortStorage',
  'CharStorage',
  'ByteStorage',
  'BoolStorage',
  'ComplexFloatStorage',
  'ComplexDoubleStorage',
  'QInt8Storage',
  'QUInt8Storage',
  'QInt32Storage',
  'QUInt4x2Storage',
  'QUInt2x4Storage',
  'UntypedStorage',
  'TypedStorage',
];

const TORCH: EntryRow[] = [
  ...rows('torch', 'plain', 'Tensor.__reduce_ex__: rebuilds a tensor from a storage (loaded by persistent id) and sizes; as weights_only allows', [
    ['torch._utils', '_rebuild_tensor'],
    ['torch._utils', '_rebuild_tensor_v2'],
    ['torch._utils', '_rebuild_parameter'],
    ['torch._utils', '_rebuild_parameter_with_state'],
    ['torch._utils', '_rebuild_qtensor'],
    ['torch._utils', '_rebuild_sparse_tensor'],
    ['torch._utils', '_rebuild_sparse_csr_tensor'],
    ['torch._utils', '_rebuild_meta_tensor_no_storage'],
    ['torch._utils', '_rebuild_device_tensor_from_numpy'],
    ['torch._utils', '_rebuild_nested_tensor'],
    ['torch.serialization', '_get_layout'],
  ]),
  ...rows('torch', 'factory', 'tensor subclasses: _rebuild_from_type(_v2)(func, type, args, state) calls the allowlisted func', [
    ['torch._tensor', '_rebuild_from_type_v2'],
    ['torch._tensor', '_rebuild_from_type'],
  ]),
  ...rows('torch', 'factory', '_rebuild_wrapper_subclass(cls, ...) instantiates the allowlisted tensor subclass', [
    ['torch._utils', '_rebuild_wrapper_subclass'],
  ]),
  ...rows('torch', 'loads', 'pickle.dumps(tensor) without persistent ids: the storage as a nested torch.save stream, scanned too', [
    ['torch.storage', '_load_from_bytes'],
  ]),
  ...rows('torch', 'plain', 'values of torch.Size / torch.device / Parameter built from data', [
    ['torch', 'Size'],
    ['torch', 'device'],
    ['torch', 'dtype'],
    ['torch.nn.parameter', 'Parameter'],
    ['torch', 'Tensor'],
    ['torch._tensor', 'Tensor'],
    ['torch.nn.parameter', 'UninitializedParameter'],
  ]),
  ...rows('torch', 'plain', 'dtype, layout and memory-format singletons, by reference', [
    ...TORCH_DTYPES.map((n): [string, string] => ['torch', n]),
    ['torch', 'strided'],
    ['torch', 'sparse_coo'],
    ['torch', 'sparse_csr'],
    ['torch', 'contiguous_format'],
    ['torch', 'channels_last'],
    ['torch', 'preserve_format'],
    ['torch', 'per_tensor_affine'],
    ['torch', 'per_channel_affine'],
  ]),
  ...rows('torch', 'plain', 'storage classes, named in persistent ids', [
    ...TORCH_STORAGES.map((n): [string, string] => ['torch', n]),
    ['torch.storage', 'TypedStorage'],
    ['torch.storage', 'UntypedStorage'],
  ]),
];

const PANDAS: EntryRow[] = [
  ...rows('pandas', 'state', 'pandas containers rebuilt by cls.__new__ and __setstate__ (NDFrame.__setstate__ only assigns its managers)', [
    ['pandas.core.frame', 'DataFrame'],
    ['pandas.core.series', 'Series'],
    ['pandas.core.arrays.categorical', 'Categorical'],
    ['pandas.core.arrays.sparse.array', 'SparseArray'],
    ['pandas.core.arrays.interval', 'IntervalArray'],
    ['pandas.core.indexes.frozen', 'FrozenList'],
    ['pandas.core.flags', 'Flags'],
  ]),
  ...rows('pandas', 'plain', 'pandas block and index reconstructors from arrays and names', [
    ['pandas._libs.internals', '_unpickle_block'],
    ['pandas.core.internals.blocks', 'new_block'],
    ['pandas.core.internals.blocks', 'Block'],
    ['pandas._libs.internals', 'BlockPlacement'],
  ]),
  ...rows('pandas', 'plain', 'block managers: the Cython BlockManager.__reduce__ calls the class with its blocks and axes', [
    ['pandas.core.internals.managers', 'BlockManager'],
    ['pandas.core.internals.managers', 'SingleBlockManager'],
    ['pandas.core.internals.array_manager', 'ArrayManager'],
    ['pandas.core.internals.array_manager', 'SingleArrayManager'],
  ]),
  ...rows('pandas', 'factory', 'Index.__reduce__: _new_Index(cls, dict) builds the allowlisted index class from its data', [
    ['pandas.core.indexes.base', '_new_Index'],
  ]),
  ...rows('pandas', 'factory', 'Cython extension types: __pyx_unpickle_NDArrayBacked(cls, checksum, state) instantiates the allowlisted array class', [
    ['pandas._libs.arrays', '__pyx_unpickle_NDArrayBacked'],
  ]),
  ...rows('pandas', 'plain', 'index classes, instantiated by _new_Index from their data', [
    ['pandas.core.indexes.base', 'Index'],
    ['pandas.core.indexes.range', 'RangeIndex'],
    ['pandas.core.indexes.multi', 'MultiIndex'],
    ['pandas.core.indexes.datetimes', 'DatetimeIndex'],
    ['pandas.core.indexes.timedeltas', 'TimedeltaIndex'],
    ['pandas.core.indexes.period', 'PeriodIndex'],
    ['pandas.core.indexes.category', 'CategoricalIndex'],
    ['pandas.core.indexes.interval', 'IntervalIndex'],
    ['pandas.core.indexes.numeric', 'Int64Index'],
    ['pandas.core.indexes.numeric', 'UInt64Index'],
    ['pandas.core.indexes.numeric', 'Float64Index'],
    ['pandas.core.indexes.numeric', 'NumericIndex'],
  ]),
  ...rows('pandas', 'plain', 'extension arrays built from arrays (Cython __reduce__ or __setstate__)', [
    ['pandas.core.arrays.datetimes', 'DatetimeArray'],
    ['pandas.core.arrays.timedeltas', 'TimedeltaArray'],
    ['pandas.core.arrays.period', 'PeriodArray'],
    ['pandas.core.arrays.integer', 'IntegerArray'],
    ['pandas.core.arrays.floating', 'FloatingArray'],
    ['pandas.core.arrays.boolean', 'BooleanArray'],
    ['pandas.core.arrays.string_', 'StringArray'],
    ['pandas.core.arrays.numpy_', 'PandasArray'],
  ]),
  ...rows('pandas', 'plain', 'dtypes built from names, units and categories', [
    ['pandas.core.dtypes.dtypes', 'CategoricalDtype'],
    ['pandas.core.dtypes.dtypes', 'DatetimeTZDtype'],
    ['pandas.core.dtypes.dtypes', 'PeriodDtype'],
    ['pandas.core.dtypes.dtypes', 'IntervalDtype'],
    ['pandas.core.arrays.sparse.dtype', 'SparseDtype'],
    ['pandas.core.arrays.string_', 'StringDtype'],
    ['pandas.core.arrays.boolean', 'BooleanDtype'],
    ...['Int8Dtype', 'Int16Dtype', 'Int32Dtype', 'Int64Dtype', 'UInt8Dtype', 'UInt16Dtype', 'UInt32Dtype', 'UInt64Dtype'].map((n): [string, string] => [
      'pandas.core.arrays.integer',
      n,
    ]),
    ['pandas.core.arrays.floating', 'Float32Dtype'],
    ['pandas.core.arrays.floating', 'Float64Dtype'],
  ]),
  ...rows('pandas', 'plain', 'scalars: Timestamp, Timedelta, NaT, Period, Interval rebuilt from numbers and names', [
    ['pandas._libs.tslibs.timestamps', '_unpickle_timestamp'],
    ['pandas._libs.tslibs.timedeltas', '_timedelta_unpickle'],
    ['pandas._libs.tslibs.nattype', '__nat_unpickle'],
    ['pandas._libs.tslibs.period', 'Period'],
    ['pandas._libs.interval', 'Interval'],
    ['pandas._libs.tslibs.timestamps', 'Timestamp'],
    ['pandas._libs.tslibs.timedeltas', 'Timedelta'],
  ]),
  ...rows('pandas', 'factory', 'index reconstructors: _new_DatetimeIndex / _new_PeriodIndex(cls, dict) build the allowlisted index class', [
    ['pandas.core.indexes.datetimes', '_new_DatetimeIndex'],
    ['pandas.core.indexes.period', '_new_PeriodIndex'],
  ]),
  ...rows('pandas', 'plain', 'sparse indexes and the NA singleton, built from lengths and positions', [
    ['pandas._libs.sparse', 'IntIndex'],
    ['pandas._libs.sparse', 'BlockIndex'],
    ['pandas._libs.missing', 'NA'],
    ['pandas._libs.missing', 'NAType'],
    ['pandas._libs.tslibs.nattype', 'NaT'],
  ]),
  ...rows('pandas', 'plain', 'time zones: pytz / dateutil constructors look zones up by name', [
    ['pytz', '_UTC'],
    ['pytz', '_p'],
    ['pytz', 'timezone'],
    ['dateutil.tz.tz', 'tzutc'],
    ['dateutil.tz.tz', 'tzoffset'],
  ]),
];

const JOBLIB: EntryRow[] = rows('joblib', 'state', 'joblib.dump array wrappers: rebuilt from state; the array data follows in the file', [
  ['joblib.numpy_pickle', 'NumpyArrayWrapper'],
  ['joblib.numpy_pickle_compat', 'NDArrayWrapper'],
  ['joblib.numpy_pickle_compat', 'ZNDArrayWrapper'],
]);

const SKLEARN: EntryRow[] = rows('scikit-learn', 'plain', 'Cython trees built from their sizes; nodes and values by BUILD', [['sklearn.tree._tree', 'Tree']]);

/** Every exact ML entry. */
export const ML_ENTRIES: readonly EntryRow[] = [...NUMPY, ...TORCH, ...PANDAS, ...JOBLIB, ...SKLEARN];

/** Module-prefix rules: library classes that are only ever rebuilt from their state. */
export const ML_PREFIXES: readonly PrefixRule[] = [
  {
    prefix: 'sklearn.',
    names: /^_?[A-Z][A-Za-z0-9_]*$/,
    entry: { rule: 'state', library: 'scikit-learn', why: 'an estimator class rebuilt from its state (BaseEstimator.__setstate__ only updates __dict__)' },
  },
  {
    prefix: 'sklearn.',
    names: /^__pyx_unpickle_[A-Za-z0-9_]+$/,
    entry: { rule: 'factory', library: 'scikit-learn', why: 'Cython __pyx_unpickle_X(cls, checksum, state) instantiates the allowlisted class' },
  },
  {
    prefix: 'pandas.',
    names: /^__pyx_unpickle_[A-Za-z0-9_]+$/,
    entry: { rule: 'factory', library: 'pandas', why: 'Cython __pyx_unpickle_X(cls, checksum, state) instantiates the allowlisted class' },
  },
  {
    prefix: 'sklearn.',
    names: /^newObj$/,
    entry: { rule: 'factory', library: 'scikit-learn', why: 'newObj(cls) is cls.__new__(cls) of the allowlisted tree or metric class' },
  },
  {
    prefix: 'scipy.sparse.',
    names: /^(?:[a-z]{3}_(?:matrix|array)|spmatrix)$/,
    entry: { rule: 'state', library: 'scipy', why: 'sparse matrices (vectorizer outputs, sklearn attributes) rebuilt from their index and data arrays' },
  },
  {
    prefix: 'pandas._libs.tslibs.offsets',
    names: /^[A-Z][A-Za-z0-9_]*$/,
    entry: { rule: 'plain', library: 'pandas', why: 'date offsets built from counts and flags' },
  },
  {
    prefix: 'torch.nn.modules.',
    names: /^[A-Z][A-Za-z0-9_]*$/,
    entry: { rule: 'state', library: 'torch', why: 'torch.save(model): a module rebuilt from its state (Module.__setstate__ only updates __dict__)' },
  },
];

const pairsOf = (list: readonly EntryRow[]): readonly GlobalPair[] => Object.freeze(list.map(([m, n]) => [m, n] as const));

/** numpy's exact entries as pairs. */
export const NUMPY_PAIRS: readonly GlobalPair[] = pairsOf(NUMPY);
/** PyTorch's exact entries as pairs (plus OrderedDict, which state dicts are). */
export const TORCH_PAIRS: readonly GlobalPair[] = Object.freeze([...pairsOf(TORCH), ['collections', 'OrderedDict'] as const]);
