"""The static policy (policy.py): one row per attack spelling, with the line the function `f`
fails at and a phrase of the reason; one row per honest spelling that must get no finding."""

from __future__ import annotations

import textwrap

import pytest

from torch101.grader import static
from torch101.grader.rules import Rules


def policy_of(source: str, name: str = "f") -> list[static.Finding]:
    module = static.parse(textwrap.dedent(source))
    return [f for f in static.check_function(module, name, Rules()).findings if f.rule == "policy"]


# (id, source, lines where `f` fails, a phrase of the first message)
# fmt: off
ATTACKS = [
    # 4. torch chains, resolved whatever the alias
    ('torch._C', 'import torch\ndef f(x):\n    return torch._C._get_tracing_state()\n', [3], 'torch._C is not allowed'),
    ('alias t._C at module level', 'import torch as t\nC = t._C\ndef f(x):\n    return C\n', [4], 'uses C; line 2: t._C'),
    ('from torch import _C', 'from torch import _C\ndef f(x):\n    return _C\n', [3], 'importing _C is not allowed'),
    ('from torch import utils', 'from torch import utils\ndef f(x):\n    return utils\n', [3], 'torch.utils is the module torch.utils'),
    ('T = torch', 'import torch\nT = torch\ndef f(x):\n    return T.multiprocessing.Process\n', [4], 'torch.multiprocessing'),
    ('m = torch.multiprocessing', 'import torch\nm = torch.multiprocessing\ndef f(x):\n    return m.Process\n', [4], 'torch.multiprocessing is the module'),
    ('torch.serialization.os', 'import torch\ndef f(x):\n    return torch.serialization.os.getpid()\n', [3], 'torch.serialization'),
    ('F.torch.utils', 'import torch.nn.functional as F\ndef f(x):\n    return F.torch.utils\n', [3], 'is the module torch.utils'),
    ('torch.sys', 'import torch\ndef f(x):\n    return torch.sys.modules\n', [3], 'torch.sys is the module sys'),
    ('torch.os in a function', 'def f(x):\n    import torch\n    return torch.os.system\n', [3], 'is the module os'),
    ('torch.load', "import torch\ndef f(x):\n    return torch.load('a.pt')\n", [3], 'torch.load is not allowed'),
    ('torch.save', "import torch\ndef f(x):\n    torch.save(x, 'a.pt')\n    return x\n", [3], 'torch.save is not allowed'),
    ('torch.from_file', "import torch\ndef f(x):\n    return torch.from_file('a', size=3)\n", [3], 'from_file'),
    ('Storage.from_file', "import torch\ndef f(x):\n    return torch.UntypedStorage.from_file('a')\n", [3], '.from_file is not allowed'),
    ('torch.ops', 'import torch\ndef f(x):\n    return torch.ops.aten.mean(x)\n', [3], 'torch.ops'),
    ('torch.overrides', 'import torch\ndef f(x):\n    return torch.overrides.resolve_name(torch.mm)\n', [3], 'torch.overrides'),
    ('torch.compile', 'import torch\ndef f(x):\n    return torch.compile(lambda y: y)(x)\n', [3], 'torch.compile is not allowed'),
    ('torch.jit decorator', 'import torch\n@torch.jit.script\ndef f(x):\n    return x\n', [2], 'torch.jit'),
    ('torch.library', 'import torch\ndef f(x):\n    return torch.library.Library\n', [3], 'torch.library'),
    ('torch.hub', "import torch\ndef f(x):\n    return torch.hub.load('a', 'b')\n", [3], 'torch.hub'),
    ('torch.distributed', 'import torch.distributed as dist\ndef f(x):\n    return dist\n', [3], 'import of torch.distributed'),
    ('torch.utils import', 'import torch.utils.data as D\ndef f(x):\n    return D\n', [3], 'import of torch.utils.data'),
    ('torch.cuda beyond queries', 'import torch\ndef f(x):\n    return torch.cuda.memory_snapshot()\n', [3], 'only device queries'),
    ('from torch import *', "from torch import *\ndef f(x):\n    return load('a.pt')\n", [3], 'torch.load is not allowed'),
    # 1. imports: the function that uses the module fails, directly or through a helper
    ('import os in a helper', 'import os\ndef helper():\n    return os.getpid()\ndef f(x):\n    return helper()\n', [5], 'uses helper, which leads to os'),
    ('import threading', 'import threading\ndef f(x):\n    threading.Thread(target=print).start()\n    return x\n', [3], 'import of threading is not allowed'),
    ('import ctypes inside', 'def f(x):\n    import ctypes\n    return ctypes.c_float.from_address(x.data_ptr())\n', [2], 'import of ctypes'),
    ('import gc', 'import gc\ndef f(x):\n    return gc.get_objects()\n', [3], 'import of gc'),
    ('from os import *', 'from os import *\ndef f(x):\n    return getpid()\n', [3], 'from os import *'),
    ('relative import', 'from . import worker\ndef f(x):\n    return worker\n', [3], 'import of .'),
    ('numpy.lib.stride_tricks', 'from numpy.lib.stride_tricks import as_strided\ndef f(x):\n    return as_strided\n', [3], 'numpy.lib.stride_tricks'),
    ('np.ctypeslib', 'import numpy as np\ndef f(x):\n    return np.ctypeslib.as_array(x.data_ptr())\n', [3], 'numpy.ctypeslib'),
    ('np.load', "import numpy as np\ndef f(x):\n    return np.load('answers.npy')\n", [3], 'numpy.load is not allowed'),
    ('.ctypes of an array', 'def f(x):\n    return x.numpy().ctypes.data\n', [2], '.ctypes is not allowed'),
    ('typing.get_type_hints', 'import typing\ndef f(x):\n    return typing.get_type_hints(f)\n', [3], 'evaluates strings'),
    # 2. underscore and dunder attributes, dunder hooks
    ('x._version', 'def f(x):\n    return x._version\n', [2], 'x._version is not allowed'),
    ('__dict__', 'def f(x):\n    return x.__dict__\n', [2], '.__dict__ is not allowed'),
    ('__globals__', "def f(x):\n    return f.__globals__['torch']\n", [2], '.__globals__'),
    ('__subclasses__', 'def f(x):\n    return object.__subclasses__()\n', [2], '.__subclasses__'),
    ('__class__.__bases__', 'def f(x):\n    return ().__class__.__bases__\n', [2], '.__class__'),
    ('__builtins__', 'def f(x):\n    return __builtins__\n', [2], '__builtins__ is not allowed'),
    ('__torch_function__', 'class M:\n    def __torch_function__(self, *a):\n        pass\ndef f(x):\n    return M()\n', [5], 'defining __torch_function__'),
    ('__del__', 'class M:\n    def __del__(self):\n        pass\ndef f(x):\n    return M()\n', [5], 'defining __del__'),
    ('__getattr__ in a class', 'class M:\n    def __getattr__(self, n):\n        return 1\ndef f(x):\n    return M()\n', [5], 'defining __getattr__'),
    ('__init_subclass__', 'class M:\n    def __init_subclass__(cls):\n        pass\ndef f(x):\n    return M\n', [5], '__init_subclass__'),
    ('module __getattr__', 'def __getattr__(name):\n    return 1\ndef f(x):\n    return x\n', [1], 'before any function'),
    ('Tensor subclass', 'import torch\nclass T(torch.Tensor):\n    pass\ndef f(x):\n    return x.as_subclass(T)\n', [5], 'subclassing torch.Tensor'),
    ('metaclass', 'class M(type):\n    pass\nclass A(metaclass=M):\n    pass\ndef f(x):\n    return A\n', [6, 6], 'subclassing type'),
    ('self._C, method called unbound', 'class A:\n    def __init__(self):\n        self._C = 1\n    def g(self):\n        return self._C\ndef f(x):\n    return A.g(x)\n', [7], 'self._C is not allowed'),
    # 3. builtins by name, frames, strings
    ('getattr', "def f(x):\n    return getattr(x, 'numel')()\n", [2], 'getattr is not allowed'),
    ('getattr passed along', "import functools\ndef f(x):\n    return functools.partial(getattr, x)('shape')\n", [3], 'getattr is not allowed'),
    ('setattr', "import torch\ndef f(x):\n    setattr(torch, 'mm', None)\n    return x\n", [3, 3], 'setattr'),
    ('vars()', 'def f(x):\n    return vars()\n', [2], 'vars is not allowed'),
    ('globals()', "def f(x):\n    return globals()['torch']\n", [2], 'globals is not allowed'),
    ('eval', "def f(x):\n    return eval('x.sum()')\n", [2], 'eval is not allowed'),
    ('exec', "def f(x):\n    exec('y = 1')\n    return x\n", [2], 'exec is not allowed'),
    ('compile', "def f(x):\n    return compile('1', 'a', 'eval')\n", [2], 'compile is not allowed'),
    ('__import__', "def f(x):\n    return __import__('os')\n", [2], '__import__ is not allowed'),
    ('open', "def f(x):\n    return open('/etc/passwd').read()\n", [2], 'open is not allowed'),
    ('breakpoint', 'def f(x):\n    breakpoint()\n    return x\n', [2], 'breakpoint'),
    ('builtins.__dict__ eval', "import builtins\ndef f(x):\n    return builtins.__dict__['ev' + 'al']('1')\n", [3], '.__dict__ is not allowed'),
    ("vars()['__builtins__']", "def f(x):\n    return vars()['__builtins__']['eval']('1')\n", [2], 'vars is not allowed'),
    ('type() with 3 arguments', "def f(x):\n    return type('A', (), {})\n", [2], 'type() with 3 arguments'),
    ('tb_frame.f_back', 'def f(x):\n    try:\n        1 / 0\n    except ZeroDivisionError as e:\n        return e.__traceback__.tb_frame.f_back\n', [5], '.__traceback__'),
    ('gi_frame', 'def f(x):\n    g = (i for i in x)\n    return g.gi_frame.f_globals\n', [3], '.gi_frame'),
    ('co_code', 'def f(x):\n    return f.__code__.co_code\n', [2], '.__code__'),
    ('str.format fields', "def f(x):\n    return '{0.__class__}'.format(x)\n", [2], 'str.format()'),
    ("attrgetter('_version')", "import operator\ndef f(x):\n    return operator.attrgetter('_version')(x)\n", [3], 'only with constant public names'),
    ('methodcaller(computed)', "from operator import methodcaller\ndef f(x):\n    return methodcaller('nu' + 'mel')(x)\n", [3], 'only with constant public names'),
    ('getattr shadowed elsewhere', "def h(getattr):\n    return getattr\ndef f(x):\n    return getattr(x, 'a')\n", [4], 'getattr is not allowed'),
    ('match class attributes', 'def f(x):\n    match x:\n        case object(_version=v):\n            return v\n', [3], '_version is not allowed'),
    ('.tofile', 'def f(x):\n    x.numpy().tofile("/tmp/out")\n    return x\n', [2], '.tofile is not allowed'),
    ('module in a list', 'import torch\ndef f(x):\n    return [torch][0].multiprocessing\n', [3], 'using the module torch as a value'),
    ('module returned', 'import torch\ndef g():\n    return torch\ndef f(x):\n    return g().utils\n', [5], 'uses g; line 3: using the module torch'),
    ('module as a class attribute', 'import torch\nclass A:\n    t = torch\ndef f(x):\n    return A.t.utils\n', [5], 'uses A; line 3: using the module torch'),
    ('module as a default', 'import torch\ndef f(x, t=torch):\n    return t.utils\n', [2], 'using the module torch as a value'),
    ('submodule in a tuple', 'import torch\ndef f(x):\n    return (torch.nn,)[0].functional.torch.utils\n', [3], 'using the module torch.nn as a value'),
    # patches and code that runs at import
    ('assigns torch.mm', 'import torch\ndef f(x):\n    torch.mm = None\n    return x\n', [3], 'assigning torch.mm'),
    ('patch at import', 'import torch\ntorch.Tensor.tolist = lambda self: []\ndef f(x):\n    return x\n', [2], 'before any function'),
    ('torch._C call at import', 'import torch\ntorch._C._set_grad_enabled(False)\ndef f(x):\n    return x\n', [2], 'before any function'),
    ('thread at import', 'import threading\nthreading.Thread(target=print).start()\ndef f(x):\n    return x\n', [2], 'before any function'),
    ('helper called at import', 'import torch\ndef evil():\n    return torch.utils\nevil()\ndef f(x):\n    return x\n', [4], 'uses evil'),
    ('else of a __main__ guard', "import os\nif __name__ == '__main__':\n    pass\nelse:\n    os.system('ls')\ndef f(x):\n    return x\n", [5], 'before any function'),
    ('time.sleep', 'import time\ndef f(x):\n    time.sleep(4.9)\n    return x\n', [3], 'time.sleep is not allowed'),
    ('typing.sys', 'import typing\ndef f(x):\n    return typing.sys.modules\n', [3], 'typing.sys is the module sys'),
    ('__name__ rebound', "import os\n__name__ = '__main__'\nif __name__ == '__main__':\n    os.system('ls')\ndef f(x):\n    return x\n", [4], 'before any function'),
    ('TYPE_CHECKING rebound', "import os\nTYPE_CHECKING = True\nif TYPE_CHECKING:\n    os.system('ls')\ndef f(x):\n    return x\n", [4], 'before any function'),
    ('nn.Parameter subclass', 'import torch\nclass P(torch.nn.Parameter):\n    pass\ndef f(x):\n    return P(x)\n', [5], 'subclassing torch.nn.Parameter'),
    ('computed base', 'def f(x):\n    class T(type(x)):\n        pass\n    return x.as_subclass(T)\n', [2], 'a base computed at run time'),
    ('base through a variable', 'def f(x):\n    B = type(x)\n    class T(B):\n        pass\n    return T\n', [3], 'a base computed at run time'),
    ('class body runs at import', 'import torch\nclass A:\n    torch._C._set_grad_enabled(False)\ndef f(x):\n    return x\n', [3], 'before any function'),
    ('decorator runs at import', 'import os\ndef deco(g):\n    os.system("ls")\n    return g\n@deco\ndef h():\n    pass\ndef f(x):\n    return x\n', [5], 'uses deco'),
    ('alias rebound in a function', 'import torch\nimport torch.nn.functional as F\ndef g():\n    global F\n    F = torch\ndef f(x):\n    return F.multiprocessing\n', [7], 'torch.multiprocessing is the module'),
    ('utf-7 coding line', '# -*- coding: utf-7 -*-\nimport torch\ndef f(x):\n    return x\n', [1], 'declares the utf-7 encoding'),
    # helpers of any depth
    ('module lambda', 'import torch\nh = lambda: torch.utils\ndef f(x):\n    return h()\n', [4], 'uses h; line 2'),
    ('helper -> class method', 'import os\nclass K:\n    @staticmethod\n    def m():\n        return os.getpid()\ndef h():\n    return K.m()\ndef f(x):\n    return h()\n', [9], 'uses h, which leads to os'),
    ('closure inside f', 'import torch\ndef f(x):\n    def inner():\n        return torch._C\n    return inner()\n', [4], 'torch._C'),
]
# fmt: on

# Honest spellings: no policy finding at all.
# fmt: off
HONEST = [
    ('template imports', 'from __future__ import annotations\nfrom typing import List, Tuple\nimport torch\nfrom torch import Tensor\ndef f(x: Tensor, ids: List[Tuple[int, int]]) -> Tensor:\n    return x\n'),
    ('torch.nn.functional as F', 'import torch.nn.functional as F\ndef f(x):\n    return F.one_hot(x).float()\n'),
    ('from torch.nn import functional', 'from torch.nn import functional as F\ndef f(x):\n    return F.relu(x)\n'),
    ('math', 'import math\ndef f(x):\n    return x / math.sqrt(x.shape[0]) * math.pi + math.prod(x.shape)\n'),
    ('numpy prod', 'import numpy as np\ndef f(x):\n    return int(np.prod(x.shape))\n'),
    ('reduce(operator.mul)', 'from functools import reduce\nimport operator\ndef f(x):\n    return reduce(operator.mul, x.shape, 1)\n'),
    ("attrgetter('shape')", "import operator\n_SHAPE = operator.attrgetter('shape')\ndef f(xs):\n    return list(map(_SHAPE, xs))\n"),
    ('numbers', 'import numbers\ndef f(n):\n    return isinstance(n, numbers.Integral)\n'),
    ('_helper and _CONSTANT', 'import torch\n_EPS = 1e-6\ndef _helper(x):\n    return x + _EPS\ndef f(x):\n    return _helper(x)\n'),
    ('__main__ block', "import torch\ndef f(x):\n    return x\nif __name__ == '__main__':\n    import os\n    print(os.getcwd(), f.__globals__, open('x'))\n"),
    ('class with __init__, __repr__, private state', "class Acc:\n    def __init__(self, n):\n        super().__init__()\n        self._n = n\n        self.__m = 2\n    def __repr__(self):\n        return f'Acc({self._n}, {self.__m})'\n    def get(self):\n        return self._n\ndef f(x):\n    return Acc(x).get()\n"),
    ('staticmethod', 'class U:\n    @staticmethod\n    def twice(x):\n        return 2 * x\ndef f(x):\n    return U.twice(x)\n'),
    ('type(x).__name__', "def f(x):\n    return f'{type(x).__name__} {f.__name__} {f.__doc__}'\n"),
    ('cuda queries', "import torch\nDEVICE = torch.device('cuda' if torch.cuda.is_available() else 'cpu')\ndef f(x):\n    if torch.cuda.is_available():\n        torch.cuda.synchronize()\n        return x.cuda().type(torch.cuda.FloatTensor).cpu()\n    return x.to(DEVICE)\n"),
    ('parameter named input', 'def f(input):\n    return input.sum()\n'),
    ('parameter named vars', 'def f(x, vars=None):\n    return vars or x\n'),
    ('numeric namespaces', 'import torch\ndef f(x):\n    return torch.linalg.norm(x) + torch.special.expit(x) + torch.fft.fft(x).real\n'),
    ('collections, itertools', 'import collections\nimport itertools\ndef f(x):\n    return collections.Counter(itertools.chain(x, x))\n'),
    ('dtypes, no_grad, seed at import', 'import torch\ntorch.manual_seed(0)\n@torch.no_grad()\ndef f(x):\n    return x.to(torch.float64) + torch.finfo(torch.float32).eps\n'),
    ('tensor attributes', 'def f(x):\n    return x.T, x.mT, x.data, x.shape, x.dtype, x.device\n'),
    ('typing star', 'from typing import *\ndef f(x: Optional[int]) -> Any:\n    return x\n'),
    ('try import numpy', 'try:\n    import numpy as np\nexcept ImportError:\n    np = None\ndef f(x):\n    return np.prod(x.shape)\n'),
    ('dunder strings', "def f(x):\n    return '__init__ and __dict__ are words here'\n"),
    ('format without fields', "def f(x):\n    return '{} {:.2f}'.format(x, 1.0)\n"),
    ('__slots__', "class P:\n    __slots__ = ('a',)\n    def __init__(self, a):\n        self.a = a\ndef f(x):\n    return P(x).a\n"),
    ('local named like a module alias', 'import torch.nn.functional as F\ndef f(x):\n    N, F = x.shape\n    return torch_zeros(N, F) if False else (N, F)\n'),
    ('module aliases in a function', 'def f(x):\n    import torch\n    T = torch\n    nnf = T.nn.functional\n    return nnf.relu(x)\n'),
    ('torch.__version__', 'import torch\ndef f(x):\n    return torch.__version__ >= "2"\n'),
    ('classes with ordinary bases', 'import torch\nfrom collections import namedtuple\nfrom typing import NamedTuple, Generic, TypeVar\nT = TypeVar("T")\nclass E(ValueError):\n    pass\nclass P(namedtuple("P", "a b")):\n    pass\nclass Q(NamedTuple):\n    a: int\nclass G(Generic[T]):\n    pass\nclass M(torch.nn.Module):\n    pass\nclass N(E):\n    pass\ndef f(x):\n    return E, P, Q, G, M, N\n'),
    ('decorated helper', 'import functools\n@functools.lru_cache(maxsize=None)\ndef h(n):\n    return n\ndef f(x):\n    return h(3)\n'),
    ('utf-8 coding line', '# -*- coding: utf-8 -*-\nimport torch\ndef f(x):\n    return x\n'),
    ('nested, masked, func, rnn', 'import torch\nfrom torch.nn.utils.rnn import pad_sequence\ndef f(xs):\n    nt = torch.nested.nested_tensor(xs)\n    return nt, pad_sequence(xs), torch.func.vmap(torch.sum), torch.masked.masked_tensor\n'),
    ('error messages', "def f(x):\n    if x.dim() != 2:\n        raise ValueError(f'{f.__name__}: x must be 2-D, got {x.dim()}')\n    return x\n"),
    ('reversed __main__ guard', "import torch\ndef f(x):\n    return x\nif '__main__' == __name__:\n    import os\n    os.system('ls')\n"),
    ('future annotations', 'from __future__ import annotations\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import numpy.typing as npt\ndef f(x: npt.NDArray) -> npt.NDArray:\n    return x\n'),
    ('copy, random, time, warnings', "import copy\nimport random\nimport time\nimport warnings\nrandom.seed(0)\ndef f(x):\n    t = time.perf_counter()\n    warnings.warn('slow')\n    return copy.deepcopy(x), t\n"),
]
# fmt: on


@pytest.mark.parametrize(("source", "lines", "phrase"), [a[1:] for a in ATTACKS], ids=[a[0] for a in ATTACKS])  # fmt: skip
def test_each_attack_spelling_fails_the_function_at_its_line(source, lines, phrase):
    found = policy_of(source)
    assert [f.line for f in found] == lines, [f.message for f in found]
    assert phrase in " | ".join(f.message for f in found)
    assert all(f.penalty and f.message.startswith(f"line {f.line}: ") for f in found)


@pytest.mark.parametrize("source", [h[1] for h in HONEST], ids=[h[0] for h in HONEST])
def test_honest_spellings_get_no_policy_finding(source):
    module = static.parse(textwrap.dedent(source))
    assert module.policy.review == []
    assert policy_of(source) == []


def test_a_disallowed_import_flags_the_file_but_fails_only_the_functions_using_it():
    module = static.parse("import os\nimport torch\ndef f(x):\n    return os.sep\ndef g(x):\n    return x\n")  # fmt: skip
    assert [v.line for v in module.policy.review] == [1]
    assert "import of os is not allowed" in module.policy.review[0].message
    assert [f.line for f in static.check_function(module, "f", Rules()).findings] == [4]
    assert static.check_function(module, "g", Rules()).findings == []


def test_a_local_binding_hides_the_module_name_but_not_the_builtin():
    # `os` is a parameter in f: f does not use the import; g's getattr is the builtin one
    module = static.parse("import os\ndef f(os):\n    return os\ndef g(x, y=getattr):\n    return x\n")  # fmt: skip
    assert static.check_function(module, "f", Rules()).findings == []
    assert [f.line for f in static.check_function(module, "g", Rules()).findings] == [4]


def test_grade_fails_the_offending_function_and_flags_the_file_in_every_report(tmp_path):
    from rich.console import Console

    from torch101.grader.api import grade
    from torch101.grader.report.gradescope import results_json
    from torch101.reference.export import solution_source

    from .inprocess import InProcessSession

    source = solution_source("2022")
    lines = len(source.splitlines())
    source += "\nimport os\n\ndef count_tensor_elements(x):\n    os.sep\n    return math.prod(x.shape)\n"  # fmt: skip
    path = tmp_path / "pytorch101.py"
    path.write_text(source)
    result = grade(
        path,
        functions=["count_tensor_elements", "create_tensor_of_pi"],
        random_cases=2,
        session_factory=InProcessSession,
    )
    bad, good = result["count_tensor_elements"], result["create_tensor_of_pi"]
    assert (bad.status, bad.score, good.status) == ("fail", 0.0, "pass")
    assert bad.summary.startswith("uses os; line")  # right values, but the policy fails it
    assert any(m.startswith(f"line {lines + 5}: uses os") for m in bad.messages)
    assert result.review == [
        f"line {lines + 2}: import of os is not allowed: a submission may import torch (its "
        "numeric parts), typing, math, numpy and harmless helpers such as functools, itertools, "
        "operator and collections"
    ]
    assert result.to_dict()["review"] == result.review
    assert "review: line" in results_json(result)["output"]
    console = Console(record=True, width=200)
    console.print(result)
    assert "flagged for review" in console.export_text()
    assert "flagged for review" in result._repr_html_()
