"""Build the docs site into _docs/ without Quarto, and README.md from index.ipynb.

Glue: every notebook in nbs/sidebar.yml that exists is executed afresh (execnb, as nbdev_test runs it),
processed by nbdev as for Quarto (`proc_nbs`: directives, hidden cells, show_doc), written out as
pandoc markdown, and rendered by pandoc with KaTeX (from node_modules, served by the site itself); pagefind then indexes the pages for search."""
import base64, re, shutil, subprocess, sys, tempfile, warnings
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
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
cfg = get_config()

def pages():
    "The notebooks listed in nbs/sidebar.yml that exist, in its order."
    listed = yaml.safe_load((cfg.nbs_path/'sidebar.yml').read_text())['website']['sidebar']['contents']
    return [cfg.nbs_path/f for f in listed if (cfg.nbs_path/f).exists()]

def execute(src, dst):
    "Run the code cells of notebook `src` afresh (skipping `#| eval: false`) and save it with its outputs as `dst`."
    nb, k = read_nb(src), CaptureShell(src)
    for c in nb.cells:
        if c.cell_type == 'code': c.outputs = []                  # no saved output survives to the site
    skip = lambda c: c.cell_type != 'code' or re.search(r'^#\|\s*eval:\s*false', c.source, re.M | re.I)
    with working_directory(src.parent):
        try: k.run_all(nb, exc_stop=True, preproc=skip)
        except Exception: raise RuntimeError(k.prettytb(fname=src)) from None   # names the notebook and the cell
    write_nb(nb, dst)

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
    "Run each notebook afresh (and with `save`, write it back to nbs/ with its fresh outputs), then process it as nbdev does for Quarto; returns the folder of processed notebooks."
    # a fresh process per notebook, not a daemon: a page may start processes of its own (dask's LocalCluster)
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(2, multiprocessing.get_context('spawn'), max_tasks_per_child=1) as pool:
        fresh = Path(tmp)
        for nb, res in zip(nbs, [pool.submit(execute, nb, fresh/nb.name) for nb in nbs]):
            try: res.result()
            except RuntimeError as e: sys.exit(f'build_docs: {nb.name} failed:\n{e}')
            if save: shutil.copy(fresh/nb.name, nb)
            print(f'executed {nb.name}', flush=True)
        return proc_nbs(fresh, n_workers=0, force=True)

def render(nbs, proc):
    "Each processed notebook in `proc` as a page of _docs/ (the name nbdev gives it), and README.md from the index."
    docs = cfg.config_path/cfg.doc_path.name
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(cfg.config_path/'node_modules/katex/dist', docs/'katex')
    for f in (SITE/'site.css', SITE/'site.js', cfg.nbs_path/'styles.css'): shutil.copy(f, docs)
    mds = {nb: to_markdown(read_nb(proc/nb.name), docs/f'{nb.stem}_files') for nb in nbs}
    meta = {nb: yaml.safe_load(md.split('---')[1]) for nb, md in mds.items()}     # the frontmatter nbdev wrote
    entries = [(meta[nb]['output-file'], meta[nb]['title']) for nb in nbs]
    for i, nb in enumerate(nbs):
        sidebar, pager = nav(entries, i)
        pypandoc.convert_text(mds[nb], 'html5', format=MD, outputfile=str(docs/entries[i][0]), extra_args=[
            '--standalone', f'--template={SITE/"page.html"}', '--katex=katex/', '--toc', '--toc-depth=3',
            '--syntax-highlighting=pygments', '-V', f'site={cfg.title}', '-V', f'sidebar={sidebar}', '-V', f'pager={pager}'])
        print(f'[{i + 1}/{len(nbs)}] {nb.name} -> {docs.name}/{entries[i][0]}', flush=True)
    subprocess.run([str(cfg.config_path/'node_modules/.bin/pagefind'), '--site', str(docs), '--quiet'], check=True)   # the search index
    print(f'search index: {docs.name}/pagefind')
    index = cfg.nbs_path/cfg.readme_nb
    readme = pypandoc.convert_text(mds[index].split('---', 2)[2], 'gfm', format=MD)   # as nbdev_readme: quarto -t gfm
    (cfg.config_path/'README.md').write_text(f"# {meta[index]['title']}\n\n{readme}")
    print(f'README.md from {index.name}')

if __name__ == '__main__':
    refresh_quarto_yml()                                        # nbdev.yml from settings.ini, as nbdev_docs does
    # --save-outputs: also commit-ready notebooks, their outputs from this fresh run (then run nbdev_clean)
    render(pages(), execute_all(pages(), save='--save-outputs' in sys.argv[1:]))
