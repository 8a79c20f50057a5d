// The offline site's behaviour: full-text search (pagefind, indexed at build time) and a copy button on every code block.
const siteRoot = new URL('.', document.currentScript.src).pathname;   // where the site is served from, so results link right under any path
window.addEventListener('DOMContentLoaded', () => {
  new PagefindUI({element: '#search', baseUrl: siteRoot, showSubResults: true, showImages: false, resetStyles: false,
                  translations: {placeholder: 'Search the pages'}});
  document.querySelectorAll('main pre').forEach(pre => {
    const button = document.createElement('button');
    button.className = 'copy'; button.type = 'button'; button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this code');
    button.addEventListener('click', async () => {
      await navigator.clipboard.writeText(pre.querySelector('code')?.innerText ?? pre.innerText);
      button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1500);
    });
    pre.classList.add('has-copy'); pre.prepend(button);
  });
});
