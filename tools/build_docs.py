"""Build the docs site into _docs/ without Quarto, and README.md from index.ipynb.

Glue: every notebook in nbs/sidebar.yml that exists is executed afresh (execnb, as nbdev_test runs it: every code
cell but `#| eval: false` and `#| slow` ones, which the test command runs; this run is the notebooks' test), processed by nbdev as for Quarto (`proc_nbs`:
directives, hidden cells, show_doc), written out as pandoc markdown, and rendered by pandoc with KaTeX (from
node_modules, served by the site itself); pagefind then indexes the pages for search.

The pages run in two processes, one thread each, longest first (by tools/page_times.json, which `--save-outputs`
rewrites). A page that fails does not stop the others: every failure is printed, then the build exits 1. A page that
runs past HANG seconds (a guard against a hang, not a time limit) is named and the build stops.
Options: `--save-outputs` writes the fresh outputs back into nbs/ (then run nbdev_clean); `--if-stale` builds only if
the sources differ from those of the last successful build (`_docs/.build.json`), as the test command does."""
import base64, datetime, hashlib, json, os, re, shutil, subprocess, sys, tempfile, time, warnings
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, ThreadPoolExecutor, wait
from pathlib import Path

import pypandoc, yaml
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.config import get_config
from nbdev.quarto import refresh_quarto_yml
from nbdev.serve import proc_nbs

warnings.filterwarnings('ignore', 'Found cells containing imports')    # nbdev's advice on cell style, not an error
MD = 'markdown-raw_tex'     # pandoc's markdown, TeX outside $...$ kept as text (and so caught by the browser test)
SITE = Path(__file__).parent/'site'   # the page template and the site's stylesheet
TIMES = Path(__file__).parent/'page_times.json'   # seconds each page took in the last `--save-outputs` build: the order to run them
HANG = 1800        # seconds with no page finishing: a hang (the slowest page takes about a minute on an idle 2-core machine)
WORKERS = 2
# One thread per library in each page's process: two processes share two cores without their pools fighting.
PINNED = dict(OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1',
              XLA_FLAGS='--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1')
# imported once, by the server the pages' processes are forked from (before any of them starts a thread)
PRELOAD = ['numpy', 'scipy.special', 'torch', 'jax', 'jax.numpy', 'matplotlib.pyplot', 'dask.array', 'mpmath', 'hypothesis',
           'IPython', 'execnb.shell', 'stable_softmax', 'stable_softmax.reference']
cfg = get_config()
ROOT = cfg.config_path
# What a build depends on: a change to any of these makes `--if-stale` build again.
SOURCES = ['nbs', 'stable_softmax', 'bench', 'tests/scipy_dropin.py', 'tests/results', 'tools/build_docs.py', 'tools/site', 'tools/constraints.txt',
           'package-lock.json', 'settings.ini', 'setup.py']
STAMP = ROOT/cfg.doc_path.name/'.build.json'

def pages():
    "The notebooks listed in nbs/sidebar.yml that exist, in its order."
    listed = yaml.safe_load((cfg.nbs_path/'sidebar.yml').read_text())['website']['sidebar']['contents']
    return [cfg.nbs_path/f for f in listed if (cfg.nbs_path/f).exists()]

def sources_hash():
    "A hash of every file the build reads (SOURCES, caches left out; of a notebook, its cells' sources, not its outputs) and of the Python that runs it."
    h = hashlib.sha256(sys.version.encode())
    for top in SOURCES:
        for f in sorted([ROOT/top] if (ROOT/top).is_file() else (ROOT/top).rglob('*')):
            if not f.is_file() or {'__pycache__', '.ipynb_checkpoints'} & set(f.parts): continue
            data = f.read_bytes()
            if f.suffix == '.ipynb': data = json.dumps([(c['cell_type'], ''.join(c['source'])) for c in json.loads(data)['cells']]).encode()
            h.update(str(f.relative_to(ROOT)).encode() + b'\0' + data + b'\0')
    return h.hexdigest()

def fresh_build():
    "The last successful build's record, if it was built from the sources as they are now; else None."
    try: last = json.loads(STAMP.read_text())
    except (OSError, ValueError): return None
    return last if last.get('sources') == sources_hash() else None

# the places of this machine that no page's output may show: the checkout, the home folder, the environment, the temporary folder
LOCAL = re.compile('|'.join(re.escape(p) for p in sorted({str(ROOT), str(Path.home()), sys.prefix, tempfile.gettempdir()}, key=len, reverse=True)) + '|site-packages')

def execute(src, dst):
    "Run the code cells of notebook `src` afresh (skipping `#| eval: false`) and save it with its outputs as `dst`; returns the seconds it took."
    start = time.perf_counter()
    nb, k = read_nb(src), CaptureShell(src)
    for c in nb.cells:
        if c.cell_type == 'code': c.outputs = []                  # no saved output survives to the site
    # as nbdev_test does by default: no `#| eval: false` cell, and no `#| slow` one (the test command runs those: tests/)
    skip = lambda c: c.cell_type != 'code' or re.search(r'^#\|\s*(eval:\s*false|slow\b)', c.source, re.M | re.I)
    with working_directory(src.parent):
        try: k.run_all(nb, exc_stop=True, preproc=skip)
        except Exception: raise RuntimeError(k.prettytb(fname=src)) from None   # names the notebook and the cell
    for i, c in enumerate(nb.cells):                              # a page shows no path of the machine that built it
        for o in c.get('outputs', []):
            text = ''.join(o.get('text', '')) + ''.join(''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/'))
            if hit := LOCAL.search(text): raise RuntimeError(f"{src.name}: cell {i} shows a local path, {hit.group()!r}, in its output:\n{text[:2000]}")
    write_nb(nb, dst)
    return time.perf_counter() - start

def output_md(o, media, name):
    "One cell output as markdown: a plot as an image file in `media`, show_doc's markdown as is, text as a block."
    d = o.get('data', {})
    if 'image/png' in d:
        media.mkdir(parents=True, exist_ok=True)
        (media/name).write_bytes(base64.b64decode(d['image/png']))
        return f'![]({media.name}/{name})'
    if 'text/markdown' in d: return ''.join(d['text/markdown'])
    if 'text/html' in d: return '```{=html}\n' + ''.join(d['text/html']) + '\n```'
    text = ''.join(o.get('text') or d.get('text/plain', ''))
    return f'``` {{.text .cell-output}}\n{text.rstrip()}\n```'

def to_markdown(nb, media):
    "A processed notebook as pandoc markdown: its frontmatter, prose, visible code and outputs."
    parts, n = [], 0
    for c in nb.cells:
        src = ''.join(c.get('source') or '')
        if c.cell_type != 'code': parts.append(src); continue
        code = re.sub(r'^#\|.*\n?', '', src, flags=re.M).strip()
        if code and not re.search(r'^#\|\s*echo:\s*false', src, re.M): parts.append(f'```python\n{code}\n```')
        for o in c.get('outputs', []):
            n += 1
            parts.append(output_md(o, media, f'output-{n}.png'))
    return '\n\n'.join(parts) + '\n'

def nav(entries, i):
    "The sidebar (page `i` marked current) and the previous/next links, as HTML."
    items = ''.join(f'<li><a href="{h}"{" class=current aria-current=page" * (j == i)}>{t}</a></li>' for j, (h, t) in enumerate(entries))
    link = lambda j, cls, word: f'<a class="{cls}" href="{entries[j][0]}"><small>{word}</small>{entries[j][1]}</a>'
    pager = (link(i - 1, 'prev', 'Previous') if i > 0 else '') + (link(i + 1, 'next', 'Next') if i + 1 < len(entries) else '')
    return f'<ol>{items}</ol>', pager

def execute_all(nbs, save=False):
    "Run each notebook afresh, longest first, two at a time (and with `save`, write it back to nbs/ with its fresh outputs), then process it as nbdev does for Quarto; returns the folder of processed notebooks and each page's seconds. Exits 1, naming each failed page and its cell, if any failed."
    known = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    order = sorted(nbs, key=lambda nb: -known.get(nb.name, 0))
    os.environ.update(PINNED)                                        # inherited by the pages' processes
    failed, secs, start = {}, {}, time.perf_counter()
    # a fresh process per notebook, not a daemon: a page may start processes of its own (dask's LocalCluster); each is
    # forked from a server that has imported the libraries the pages use, so that no page pays for importing them again
    ctx = multiprocessing.get_context('forkserver')
    ctx.set_forkserver_preload(PRELOAD)
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(WORKERS, ctx, max_tasks_per_child=1) as pool:
        fresh = Path(tmp)
        pending = {pool.submit(execute, nb, fresh/nb.name): nb for nb in order}
        print(f'[build] running {len(nbs)} pages, {WORKERS} at a time, longest first', flush=True)
        while pending:
            done, _ = wait(pending, timeout=HANG, return_when=FIRST_COMPLETED)
            if not done:
                running = [pending[f].name for f in pending if f.running()]
                for p in list(pool._processes.values()): p.terminate()
                sys.exit(f'build_docs: no page finished in {HANG} s; hung: {", ".join(running)}')
            for f in done:
                nb = pending.pop(f)
                try: secs[nb.name] = f.result()
                except RuntimeError as e: failed[nb.name] = str(e)
                except Exception as e: failed[nb.name] = f'{type(e).__name__}: {e}'      # the page's process died
                else:
                    if save: shutil.copy(fresh/nb.name, nb)
                n = len(secs) + len(failed)
                print(f"[build] {'FAILED' if nb.name in failed else 'ran'} {nb.name}" + (f' in {secs[nb.name]:.1f} s' if nb.name in secs else '') + f' ({n}/{len(nbs)})', flush=True)
        wall = time.perf_counter() - start
        print(f'pages: {len(secs)} passed, {len(failed)} failed in {wall:.0f} s', flush=True)
        if failed:
            for name, tb in failed.items(): print(f'\n=== {name} failed:\n{tb}', file=sys.stderr)
            sys.exit(f'build_docs: {len(failed)} page(s) failed: {", ".join(failed)}')
        if save: TIMES.write_text(json.dumps({k: round(v, 1) for k, v in sorted(secs.items())}, indent=1) + '\n')
        return proc_nbs(fresh, n_workers=0, force=True), secs

def render(nbs, proc):
    "Each processed notebook in `proc` as a page of _docs/ (the name nbdev gives it), and README.md from the index."
    docs = cfg.config_path/cfg.doc_path.name
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(cfg.config_path/'node_modules/katex/dist', docs/'katex')
    for f in (SITE/'site.css', SITE/'site.js', cfg.nbs_path/'styles.css'): shutil.copy(f, docs)
    mds = {nb: to_markdown(read_nb(proc/nb.name), docs/f'{nb.stem}_files') for nb in nbs}
    meta = {nb: yaml.safe_load(md.split('---')[1]) for nb, md in mds.items()}     # the frontmatter nbdev wrote
    entries = [(meta[nb]['output-file'], meta[nb]['title']) for nb in nbs]
    def page(i):
        sidebar, pager = nav(entries, i)
        pypandoc.convert_text(mds[nbs[i]], 'html5', format=MD, outputfile=str(docs/entries[i][0]), extra_args=[
            '--standalone', f'--template={SITE/"page.html"}', '--katex=katex/', '--toc', '--toc-depth=3',
            '--syntax-highlighting=pygments', '-V', f'site={cfg.title}', '-V', f'sidebar={sidebar}', '-V', f'pager={pager}'])
    with ThreadPoolExecutor(WORKERS) as pool: list(pool.map(page, range(len(nbs))))      # a pandoc process each, two at a time
    print(f'[build] {len(nbs)} pages written: ' + ', '.join(f'{docs.name}/{e[0]}' for e in entries), flush=True)
    subprocess.run([str(cfg.config_path/'node_modules/.bin/pagefind'), '--site', str(docs), '--quiet'], check=True)   # the search index
    print(f'[build] search index: {docs.name}/pagefind')
    index = cfg.nbs_path/cfg.readme_nb
    readme = pypandoc.convert_text(mds[index].split('---', 2)[2], 'gfm', format=MD)   # as nbdev_readme: quarto -t gfm
    (cfg.config_path/'README.md').write_text(f"# {meta[index]['title']}\n\n{readme}")
    print(f'[build] README.md from {index.name}')

if __name__ == '__main__':
    args = sys.argv[1:]
    if '--if-stale' in args and (last := fresh_build()):
        print(f"pages: {last['passed']} passed, 0 failed, in the build of {last['finished']} (the sources are unchanged since: not run again)")
        sys.exit(0)
    start = time.perf_counter()
    refresh_quarto_yml()                                        # nbdev.yml from settings.ini, as nbdev_docs does
    sources = sources_hash()                                    # as they were when the pages ran
    proc, secs = execute_all(pages(), save='--save-outputs' in args)
    t = time.perf_counter()
    render(pages(), proc)
    print(f'[build] rendered {len(secs)} pages and the search index in {time.perf_counter() - t:.0f} s')
    STAMP.write_text(json.dumps({'sources': sources, 'passed': len(secs), 'finished': datetime.datetime.now().isoformat(timespec='seconds'),
                                 'seconds': {k: round(v, 1) for k, v in secs.items()}}, indent=1))
    print(f'docs: built _docs/ in {time.perf_counter() - start:.0f} s')
