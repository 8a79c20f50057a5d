"""Run every notebook that holds property tests under the `fuzz` hypothesis profile (fresh random seeds, 10x the
examples of CI), cell by cell, carrying on past a failing cell, and print each counterexample ready to paste
above its test as `@example(...)`. Exits non-zero if any cell failed."""
import os, re, sys
from pathlib import Path

os.environ['STABLE_SOFTMAX_HYPOTHESIS'] = 'fuzz'
from execnb.nbio import read_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory

CASE = re.compile(r'(?:Failing test case|Falsifying example): (\w+)\((.*?)\n\)', re.S)

def as_example(args):
    "hypothesis's repr of a failing case's arguments as the arguments of `@example(...)`, numpy spelled `np.`."
    args = ' '.join(re.sub(r'\s*#.*$', '', a).strip() for a in args.strip().splitlines()).strip().rstrip(',')   # drop hypothesis's comments
    args = re.sub(r'(?<![\w.])array\(', 'np.array(', args)
    args = re.sub(r'dtype=(\w+)', r'dtype=np.\1', args)
    return re.sub(r'(?<![\w.])(nan|inf)\b', r'np.\1', args)

def fuzz(path):
    "Run notebook `path` cell by cell; return (cells failed, [(test name, example line)])."
    nb, shell, failed, found = read_nb(path), CaptureShell(path), 0, []
    with working_directory(path.parent):
        for cell in nb.cells:
            if cell.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', cell.source, re.M): continue
            shell.cell(cell)
            errors = [o for o in cell.outputs if o.get('output_type') == 'error']
            if not errors: continue
            failed += 1
            text = re.sub(r'\x1b\[[0-9;]*m', '', ''.join(errors[0].get('traceback', [])))
            cases = CASE.findall(text)
            if not cases: print(f"FAIL {path.name}: a cell failed without a hypothesis counterexample:\n{text[-2000:]}")
            found += [(name, f"@example({as_example(args)})") for name, args in cases]
    return failed, found

if __name__ == '__main__':
    nbs = sorted(p for p in Path('nbs').glob('*.ipynb') if '@given' in p.read_text())
    total = 0
    for p in nbs:
        failed, found = fuzz(p.resolve())
        total += failed
        print(f"{'FAIL' if failed else 'PASS'} {p.name}: {failed} failing cells")
        for name, line in found: print(f"  counterexample for {name}; paste above it:\n    {line}")
    print(f"fuzz: {len(nbs)} notebooks with property tests, {total} failing cells")
    sys.exit(1 if total else 0)
