"""Run every notebook as nbdev_test does (same function, same flags), and end with a count: 'notebooks: N passed, M failed'."""
import sys
from pathlib import Path
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb

if __name__ == '__main__':
    files = sorted(nbglob(get_config().nbs_path, func=Path))
    passed = failed = 0
    with ProcessPoolExecutor(max_workers=2) as pool:
        # test_nb by reference, not a function of this script: a CaptureShell replaces a worker's __main__
        for path, (ok, secs) in zip(files, pool.map(partial(test_nb, do_print=False), files)):
            print(f"{'PASS' if ok else 'FAIL'} {path.name} ({secs:.1f}s)", flush=True)
            passed, failed = passed + ok, failed + (not ok)
    print(f"notebooks: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)
