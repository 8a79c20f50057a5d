"""Time the README's two commands as a new user meets them, in a fresh clone of HEAD with a new venv.

    python bench/commands.py [--out bench/results]

In that clone: the setup (tools/setup.sh, which creates the venv) is timed on its own; then the docs command and the
test command, in the README's order; then the test command alone, the docs not built before it; then both commands
again with two CPU-bound processes beside them (`yes > /dev/null`, twice), as on a busy laptop. Writes commands.json:
each run's seconds and exit code, the load average before it, the machine (CPU, cores, numpy's SIMD line), the commit
and the date. The home page (and so the README) shows it.
"""
import argparse, datetime, json, os, re, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from machine import describe          # bench/machine.py: this folder is on sys.path when run as a script

def quick_start():
    "The README's quick-start commands: the first sh block's lines, comments dropped."
    block = re.search(r'```+\s*sh\s*\n(.*?)```', (ROOT/'README.md').read_text(), re.S).group(1)
    return [l.split(' #')[0].strip() for l in block.splitlines() if l.strip() and not l.startswith('#')]

def timed(cmd, cwd, log):
    "Run `cmd` in `cwd`, its output to `log`: {'seconds', 'exit', 'load_before'}."
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(log, 'w') as f: rc = subprocess.run(cmd, shell=True, cwd=cwd, stdout=f, stderr=subprocess.STDOUT).returncode
    r = {'seconds': round(time.perf_counter() - start, 1), 'exit': rc, 'load_before': round(load, 2)}
    print(f'{cmd}: {r}', flush=True)
    if rc: print(f'--- {cmd} failed; the end of its output:\n' + Path(log).read_text()[-3000:], flush=True)
    return r

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--out', default=str(ROOT/'bench/results'))
    a = ap.parse_args()
    docs, test = quick_start()
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        clone, logs = Path(tmp)/'clone', Path(tmp)
        subprocess.run(['git', 'clone', '-q', str(ROOT), str(clone)], check=True)
        runs = {'setup': timed('bash tools/setup.sh', clone, logs/'setup.log'),
                'docs': timed(docs, clone, logs/'docs.log'), 'test after docs': timed(test, clone, logs/'test.log')}
        (clone/'_docs/.build.json').unlink()                          # the build's record: without it, the test command runs every page
        runs['test alone'] = timed(test, clone, logs/'test-alone.log')
        busy = [subprocess.Popen('yes > /dev/null', shell=True, start_new_session=True) for _ in range(2)]
        try:
            runs['docs, busy'] = timed(docs, clone, logs/'docs-busy.log')
            runs['test after docs, busy'] = timed(test, clone, logs/'test-busy.log')
        finally:
            for p in busy: os.killpg(p.pid, 15)
        failed = [k for k, r in runs.items() if r['exit']]
    res = {'commands': {'docs': docs, 'test': test}, 'commit': commit, 'date': datetime.date.today().isoformat(),
           'machine': describe(), 'runs': runs}
    (Path(a.out)/'commands.json').write_text(json.dumps(res, indent=1) + '\n')
    sys.exit(1 if failed else 0)
