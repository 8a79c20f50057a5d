"""The built site (_docs/, from `python tools/build_docs.py`) in headless Chromium: on every page each formula is
typeset, each image loads, each internal link resolves, each code block has a copy button, and nothing is fetched
from outside 127.0.0.1; search finds a term and leads to the section that holds it; the quick start copies as is."""
import functools, http.server, json, os, re, shutil, threading, time, zlib
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest, yaml
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DOCS, NBS, SHOTS = ROOT/'_docs', ROOT/'nbs', ROOT/'screenshots'
# A guard against a hang only (playwright's own defaults are 5 and 30 s, which a busy machine can pass): each wait here
# usually takes well under a second; when one fires, playwright's error names the page and what it waited for.
HANG_MS = 180_000
expect.set_options(timeout=HANG_MS)
ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
        '--disable-sync', '--no-first-run']
LISTED = yaml.safe_load((NBS/'sidebar.yml').read_text())['website']['sidebar']['contents']
PAGES = [NBS/f for f in LISTED if (NBS/f).exists()]

def html_name(nb): return re.sub(r'^\d+_', '', nb.stem) + '.html'    # as nbdev names pages

def formulas_in(nb):
    "How many `$...$` and `$$...$$` the markdown cells of notebook `nb` hold (code spans and blocks left out)."
    md = '\n\n'.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown')
    md = re.sub(r'```.*?```|`[^`\n]*`|\\\$', '', md, flags=re.S)
    md, display = re.subn(r'\$\$.+?\$\$', '', md, flags=re.S)
    assert md.count('$') % 2 == 0, f"{nb.name}: an odd number of $ outside $$ blocks"
    return display + md.count('$') // 2

# What the browser sees: typeset formulas in the page body (outermost .katex; a heading's formula shows again in the table of contents), KaTeX errors, TeX commands left in the prose,
# images, links.
PAGE_JS = """() => {
  const prose = document.querySelector('main').cloneNode(true);
  prose.querySelectorAll('.katex, pre, code, script').forEach(e => e.remove());
  return {
    formulas: [...document.querySelectorAll('main .katex')].filter(e => !e.parentElement.closest('.katex')).length,
    errors: [...document.querySelectorAll('.katex-error')].map(e => e.textContent),
    raw_tex: prose.textContent.match(/\\\\[A-Za-z]+/g) || [],
    images: [...document.images].map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0})),
    links: [...document.querySelectorAll('main a[href], nav a[href]')].map(a => a.href),
    code_blocks: document.querySelectorAll('main pre').length,
    copy_buttons: document.querySelectorAll('main pre > button.copy').length,
  };
}"""

def test_every_notebook_is_a_page():
    assert sorted(p.name for p in NBS.glob('*.ipynb')) == sorted(p.name for p in PAGES), "list every notebook in nbs/sidebar.yml"

@pytest.fixture(scope='module')
def site():
    assert (DOCS/'index.html').exists(), "build the site first: python tools/build_docs.py"
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args): pass
        def do_GET(self):
            # Search results render as their fragments arrive, in any order on a loaded machine: each fragment is held
            # 0-0.6 s (by a hash of its name), so a test that reads the first result to render, not the first result, fails here too.
            if '/pagefind/fragment/' in self.path: time.sleep(zlib.crc32(self.path.encode()) % 4 * 0.2)
            return super().do_GET()
    handler = functools.partial(Quiet, directory=str(DOCS))
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f'http://127.0.0.1:{server.server_port}/'
    server.shutdown()

@pytest.fixture(scope='module')
def browser(tmp_path_factory):
    "A Chromium context with a fresh profile that records, and refuses, every request not to 127.0.0.1."
    chromium = shutil.which('chromium')
    assert chromium, "install Debian's chromium (tools/setup.sh does)"
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(tmp_path_factory.mktemp('profile'), executable_path=chromium,
                                                       headless=True, args=ARGS)
        context.set_default_timeout(HANG_MS)
        context.set_default_navigation_timeout(HANG_MS)
        context.outside = []
        def route(r):
            if urlparse(r.request.url).hostname == '127.0.0.1': return r.continue_()
            context.outside.append(r.request.url)
            r.abort()
        context.route('**/*', route)
        yield context
        context.close()

FETCHED = {}    # url -> the page's text (None where it is broken), fetched once for every page that links to it

@pytest.mark.parametrize('nb', PAGES, ids=lambda nb: nb.stem)
def test_page(nb, site, browser):
    page = browser.new_page()
    browser.outside.clear()
    assert page.goto(site + html_name(nb), wait_until='load').ok
    if os.environ.get('STABLE_SOFTMAX_SCREENSHOTS'):                 # a picture of each page to look at, on request (asserts nothing)
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SHOTS/f'{nb.stem}.png', full_page=True)
    got = page.evaluate(PAGE_JS)
    print(f"{html_name(nb)}: {got['formulas']} formulas, {len(got['images'])} images, {len(got['links'])} links")
    assert got['formulas'] == formulas_in(nb)
    assert not got['errors'], f"KaTeX could not typeset: {got['errors']}"
    assert not got['raw_tex'], f"TeX left in the text: {got['raw_tex']}"
    assert all(i['loaded'] and not i['src'].startswith('data:') for i in got['images']), got['images']
    assert got['code_blocks'] and got['copy_buttons'] == got['code_blocks']
    for url, frag in {urldefrag(u) for u in got['links'] if u.startswith(site)}:
        if url not in FETCHED:                                            # each page once: every page links to every other
            r = page.request.get(url)
            FETCHED[url] = r.text() if r.ok else None
        assert FETCHED[url] is not None, f"broken link {url}"
        assert not frag or f'id="{unquote(frag)}"' in FETCHED[url], f"no #{frag} in {url}"
    assert not browser.outside, f"requests left 127.0.0.1: {browser.outside}"
    page.close()

SEARCH_WAIT = "q => document.querySelector('.pagefind-ui__message')?.textContent.includes(q)"
SECTION_JS = """id => {
  const h = document.getElementById(id);
  if (!h) return null;
  let text = h.textContent, e = h.nextElementSibling;                  // the heading, then what follows it up to the next heading
  while (e && !/^H[1-6]$/.test(e.tagName)) { text += ' ' + e.textContent; e = e.nextElementSibling; }
  return text;
}"""

@pytest.mark.parametrize('query, pages', [('ignore_index', {'cross_entropy.html'}), ('Jacobian', {'derivatives.html'}),
                                          ('log1p', {'core.html', 'logsumexp.html', 'log_softmax.html'})])
def test_search(query, pages, site, browser):
    "Type a term into the search box on the home page; its first result leads to a section of the right page that holds the term."
    page = browser.new_page()
    browser.outside.clear()
    page.goto(site + 'index.html', wait_until='load')
    page.fill('#search input', query)
    page.wait_for_function(SEARCH_WAIT, arg=query)
    top = page.locator('li.pagefind-ui__result').first                 # the best-ranked result: each renders when its fragment arrives
    first = top.locator('.pagefind-ui__result-nested a.pagefind-ui__result-link').first
    first.wait_for()
    href = first.get_attribute('href')
    assert urldefrag(href)[0].rsplit('/', 1)[-1] in pages and '#' in href, href
    first.click()
    page.wait_for_url(f'**{href}')
    section = page.evaluate(SECTION_JS, unquote(urldefrag(page.url)[1]))
    assert section and query.lower() in section.lower(), (page.url, section)
    assert not browser.outside, f"requests left 127.0.0.1: {browser.outside}"
    page.close()

def test_copy_quick_start(site, browser):
    "The copy button of the quick start puts its two commands on the clipboard exactly as the README has them."
    readme = (ROOT/'README.md').read_text()
    block = re.search(r'```+\s*(?:sh|bash)\s*\n(.*?)```', readme, re.S).group(1)
    browser.grant_permissions(['clipboard-read', 'clipboard-write'], origin=site.rstrip('/'))
    page = browser.new_page()
    page.goto(site + 'index.html', wait_until='load')
    pre = page.locator('main pre', has_text='tools/docs.sh').first
    pre.locator('button.copy').click()
    expect(pre.locator('button.copy')).to_have_text('Copied')          # the button says so once the clipboard has it
    assert page.evaluate('navigator.clipboard.readText()') == block.rstrip('\n')     # no newline: pasting runs nothing by itself
    page.close()

API_JS = """names => names.map(n => {
  const h = document.getElementById(n.toLowerCase());   // pandoc's ids are lower case
  if (!h) return {name: n, heading: false, table: false, signature: false};
  let e = h.nextElementSibling, table = false, signature = false;
  while (e && !/^H[1-3]$/.test(e.tagName)) {
    table = table || e.matches('table') || !!e.querySelector('table');
    signature = signature || (e.textContent.includes('def ' + n + '(') && !!(e.matches('pre') || e.querySelector('pre')));
    e = e.nextElementSibling;
  }
  return {name: n, heading: true, table, signature};
})"""

def test_api_page(site, browser):
    "Every public name has its own entry on the API page: a heading to link to, its signature, and a parameter table."
    import stable_softmax, stable_softmax.naive
    names = stable_softmax.__all__ + stable_softmax.naive.__all__
    page = browser.new_page()
    assert page.goto(site + 'api.html', wait_until='load').ok
    got = page.evaluate(API_JS, names)
    assert [g for g in got if not (g['heading'] and g['table'] and g['signature'])] == []
    page.close()
