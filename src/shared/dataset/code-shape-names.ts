// Names a code shape keeps as written (code-shape.ts): builtins, `self`/`cls`, and the modules and
// library names mined Python uses most. They say what the code does, so `np.mean(x)` and
// `statistics.mean(x)` stay different shapes while `x` and `values` become the same placeholder.

const BUILTINS =
  'abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex ' +
  'delattr dict dir divmod enumerate eval exec exit filter float format frozenset getattr globals hasattr hash ' +
  'help hex id input int isinstance issubclass iter len list locals map max memoryview min next object oct open ' +
  'ord pow print property quit range repr reversed round set setattr slice sorted staticmethod str sum super ' +
  'tuple type vars zip NotImplemented Ellipsis __name__ __file__ __init__ __main__';

// Mined CoNaLa is full of Python 2; its builtins mean as much.
const PYTHON2_BUILTINS = 'unicode xrange raw_input basestring long unichr reduce cmp execfile file';

const EXCEPTIONS =
  'BaseException Exception ArithmeticError AssertionError AttributeError EOFError FileExistsError ' +
  'FileNotFoundError ImportError IndexError IOError KeyError KeyboardInterrupt LookupError ModuleNotFoundError ' +
  'NameError NotImplementedError OSError OverflowError PermissionError RecursionError RuntimeError StopIteration ' +
  'SyntaxError SystemExit TimeoutError TypeError UnicodeDecodeError UnicodeEncodeError ValueError ZeroDivisionError';

const CONVENTIONS = 'self cls';

const MODULES =
  'os sys re json math cmath random time datetime calendar collections itertools functools operator string ' +
  'subprocess shutil glob pickle csv socket struct urllib urllib2 urlparse requests http numpy np pandas pd ' +
  'matplotlib pyplot plt scipy sklearn tensorflow tf torch cv2 PIL Image bs4 BeautifulSoup django flask ' +
  'sqlite3 hashlib base64 io pathlib logging threading multiprocessing unittest argparse copy heapq bisect ' +
  'decimal fractions statistics uuid zipfile tarfile gzip xml ET lxml seaborn sns nltk codecs locale ' +
  'platform signal ctypes array textwrap pprint inspect types typing asyncio sqlalchemy';

const LIBRARY_NAMES =
  'defaultdict Counter OrderedDict namedtuple deque timedelta date itemgetter attrgetter partial Decimal ' +
  'Fraction Path DataFrame Series';

export const KEPT_NAMES: ReadonlySet<string> = new Set(
  [BUILTINS, PYTHON2_BUILTINS, EXCEPTIONS, CONVENTIONS, MODULES, LIBRARY_NAMES].join(' ').split(' '),
);
