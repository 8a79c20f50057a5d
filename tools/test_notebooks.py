"""Run every notebook as nbdev_test does (same function, same flags), and end with a count: 'notebooks: N passed, M failed'."""
import sys
from concurrent.futures import ProcessPoolExecutor
from nbdev.config import get_config
from nbdev.doclinks import nbglob
from nbdev.test import test_nb

def run(path):
    ok, secs = test_nb(path, do_print=False)
    return path, ok, secs

if __name__ == '__main__':
    files = sorted(nbglob(get_config().nbs_path))
    passed = failed = 0
    with ProcessPoolExecutor(max_workers=2) as pool:
        for path, ok, secs in pool.map(run, files):
            print(f"{'PASS' if ok else 'FAIL'} {path.name} ({secs:.1f}s)", flush=True)
            passed, failed = passed + ok, failed + (not ok)
    print(f"notebooks: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)
