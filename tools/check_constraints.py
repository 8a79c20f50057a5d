"""Check that tools/constraints.txt (the pinned dev environment) is consistent with settings.ini: every runtime
and dev requirement is pinned exactly once, to a version its specifier admits. Exits non-zero, naming what is
wrong, when tools/lock.sh must be run again."""
import shlex, sys
from configparser import ConfigParser
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

root = Path(__file__).resolve().parent.parent
cfg = ConfigParser(delimiters=['=']); cfg.read(root/'settings.ini', encoding='utf-8')
reqs = [Requirement(r) for key in ('requirements', 'dev_requirements', 'reference_requirements') for r in shlex.split(cfg['DEFAULT'].get(key, ''))]

pins, errors = {}, []
for line in (root/'tools'/'constraints.txt').read_text().splitlines():
    line = line.split('#')[0].strip()
    if not line: continue
    name, sep, version = line.partition('==')
    if not sep: errors.append(f"constraints.txt: {line!r} is not an exact pin name==version"); continue
    key = canonicalize_name(name)
    if key in pins: errors.append(f"constraints.txt: {name} is pinned twice")
    pins[key] = Version(version)
for r in reqs:
    v = pins.get(canonicalize_name(r.name))
    if v is None: errors.append(f"settings.ini requires {r} but tools/constraints.txt does not pin {r.name}")
    elif not r.specifier.contains(v, prereleases=True): errors.append(f"settings.ini requires {r} but tools/constraints.txt pins {r.name}=={v}")
for e in errors: print(e)
if errors: print("run `bash tools/lock.sh` to regenerate tools/constraints.txt"); sys.exit(1)
print(f"constraints: {len(pins)} pins, consistent with the {len(reqs)} requirements of settings.ini")
