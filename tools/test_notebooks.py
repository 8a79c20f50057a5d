"""Run every notebook as `nbdev_test --flags slow` does (nbdev's own test_nb and arguments: cells flagged `slow`
run too, as in CI; `notest` cells do not), then print the count that nbdev_test does not:
'notebooks: N passed, M failed'. Exits non-zero on any failure."""
import sys

from fastcore.parallel import parallel
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb

if __name__ == '__main__':
    cfg = get_config()
    files = [f.absolute() for f in sorted(nbglob(as_path=True))]
    with working_directory(cfg.nbs_path):
        results = parallel(test_nb, files, skip_flags=cfg.tst_flags.split(), force_flags=['slow'], n_workers=2,
                           basepath=cfg.config_path, pause=0.01)
    for f, (ok, secs) in zip(files, results): print(f"{'PASS' if ok else 'FAIL'} {f.name} ({secs:.1f}s)")
    passed = sum(ok for ok, _ in results)
    print(f"notebooks: {passed} passed, {len(files) - passed} failed")
    sys.exit(0 if files and passed == len(files) else 1)
