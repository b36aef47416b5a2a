// Dossier's only script. Everything works without it; with it:
//  - "/" focuses the search box; suggestions from /api/suggest appear under it (ARIA combobox);
//  - on /search, results update as you type or tick a filter: the page fetches /search?… with
//    `X-Requested-With: fetch`, gets the server-rendered results region, and swaps it in, so one
//    template renders both; the URL follows with pushState/replaceState, and Back restores it;
//  - permalinks get a "Copy link" button; long facets get a filter box, which also finds values not on the page;
//  - on a phone, "Filters" opens the filter panel over the results (without the script, the same link targets it
//    and CSS shows it the same way), and "Show … paragraphs" or Escape closes it.
(function () {
  'use strict';

  var root = document.documentElement;
  root.classList.remove('no-js');
  root.classList.add('js');

  var TYPING_DELAY = 250;
  var SUGGEST_DELAY = 120;
  var SUGGEST_SIZE = 5;

  var form = document.getElementById('search-form');
  var box = document.getElementById('q');
  var region = document.getElementById('results-region');
  var live = document.getElementById('live-status');

  // ---------- "/" focuses the search box ----------

  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || !box) return;
    var target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  // ---------- a permalink to a paragraph on a later page of a long article ----------

  // Permalinks carry no page (/doc/<id>#p-<n>), so they stay valid whatever the page size; the server cannot see the
  // fragment, so the page that lacks the paragraph sends the reader on to the page that has it.
  var paged = document.querySelector('article[data-page-size]');
  var wanted = /^#p-(\d+)$/.exec(window.location.hash);
  if (paged && wanted && !document.getElementById('p-' + wanted[1])) {
    var size = Number(paged.getAttribute('data-page-size'));
    var last = Number(paged.getAttribute('data-pages'));
    var target = Math.min(last, Math.max(1, Math.ceil(Number(wanted[1]) / size)));
    var url = new URL(window.location.href);
    if (String(target) !== (url.searchParams.get('page') || '1')) {
      url.searchParams.set('page', String(target));
      window.location.replace(url.toString());
    }
  }

  // ---------- enhancements of server-rendered content (run again after each swap) ----------

  function enhance(scope) {
    scope.querySelectorAll('.copy-link').forEach(function (button) {
      button.hidden = false;
    });
    scope.querySelectorAll('.facet-filter').forEach(function (input) {
      input.hidden = false;
    });
  }

  document.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('.copy-link') : null;
    if (!button) return;
    var url = new URL(button.getAttribute('data-copy') || '', window.location.href).href;
    copyText(url).then(function (ok) {
      button.textContent = ok ? 'Copied' : 'Press Ctrl+C';
      button.classList.toggle('copied', ok);
      window.setTimeout(function () {
        button.textContent = 'Copy link';
        button.classList.remove('copied');
      }, 1800);
    });
  });

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; }, function () { return legacyCopy(text); });
    }
    return Promise.resolve(legacyCopy(text));
  }

  function legacyCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch (error) {
      ok = false;
    }
    area.remove();
    return ok;
  }

  document.addEventListener('input', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains('facet-filter')) return;
    filterFacet(input);
  });

  /** Hides the options of a facet that do not match its filter box, then asks the server for the others. */
  function filterFacet(input) {
    var facet = input.closest('.facet');
    if (!facet) return;
    var needle = fold(input.value.trim());
    facet.querySelectorAll('.facet-options:not(.facet-found) > .facet-option').forEach(function (option) {
      var label = option.querySelector('.facet-label');
      option.hidden = needle !== '' && fold(label ? label.textContent || '' : '').indexOf(needle) < 0;
    });
    var more = facet.querySelector('.facet-more');
    if (more && needle !== '') more.open = true;
    findFacetValues(facet, input.value.trim());
  }

  // ---------- facet values beyond the page (GET /api/facets/<facet>?prefix=…) ----------

  var FACET_FIND_DELAY = 200;
  var FACET_FIND_SIZE = 20;
  var finders = {};

  /**
   * A long facet holds only its top values on the page. While its filter box has text, the values of the whole
   * facet whose label or value has a word starting with it are fetched (with the current search's filters, so
   * counts are the same as the panel's) and listed under the shown ones as checkboxes of the same form.
   */
  function findFacetValues(facet, text) {
    var key = facet.getAttribute('data-facet') || '';
    var finder = finders[key] || (finders[key] = { timer: 0, controller: null });
    window.clearTimeout(finder.timer);
    if (finder.controller) finder.controller.abort();
    if (text === '' || facet.getAttribute('data-more') !== 'true' || !window.fetch) {
      showFound(facet, [], text);
      return;
    }
    finder.timer = window.setTimeout(function () {
      var name = facet.getAttribute('data-facet-name') || '';
      var params = new URLSearchParams(window.location.pathname === '/search' ? window.location.search : '');
      params.delete('page');
      params.set('prefix', text);
      params.set('facetSize', String(FACET_FIND_SIZE));
      finder.controller = new AbortController();
      fetch('/api/facets/' + encodeURIComponent(name) + '?' + params.toString(), { signal: finder.controller.signal })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          var input = facet.querySelector('.facet-filter');
          if (!input || input.value.trim() !== text || !facet.isConnected) return;
          showFound(facet, readFacetValues(body, facet), text);
        })
        .catch(function () { /* The shown options still filter; a failed fetch adds none. */ });
    }, FACET_FIND_DELAY);
  }

  /** The values of an /api/facets answer that belong to this group and are not on the page already. */
  function readFacetValues(body, facet) {
    var values = body && Array.isArray(body.values) ? body.values : [];
    var leaders = facet.getAttribute('data-leaders');
    var shown = {};
    facet.querySelectorAll('.facet-options:not(.facet-found) input[type="checkbox"]').forEach(function (input) {
      shown[input.value] = true;
    });
    return values.filter(function (value) {
      if (!value || typeof value.value !== 'string' || typeof value.label !== 'string' || typeof value.count !== 'number') return false;
      if (leaders !== null && (value.leader === true) !== (leaders === 'true')) return false;
      return !Object.prototype.hasOwnProperty.call(shown, value.value);
    });
  }

  /** Lists found values as checkboxes with the server's markup, or says that nothing matches. */
  function showFound(facet, values, text) {
    var list = facet.querySelector('.facet-found');
    var none = facet.querySelector('.facet-none');
    if (list) list.remove();
    if (none) none.remove();
    if (text === '') return;
    var name = facet.getAttribute('data-facet-name') || '';
    var key = facet.getAttribute('data-facet') || '';
    if (values.length > 0) {
      list = document.createElement('ul');
      list.className = 'facet-options facet-found';
      list.setAttribute('aria-label', 'More matching values');
      values.forEach(function (value) { list.appendChild(facetOption(key, name, value)); });
      var more = facet.querySelector('.facet-more');
      facet.insertBefore(list, more);
      return;
    }
    var anyShown = Array.prototype.some.call(facet.querySelectorAll('.facet-option'), function (option) { return !option.hidden; });
    if (anyShown) return;
    none = document.createElement('p');
    none.className = 'facet-none';
    none.textContent = 'No match';
    facet.appendChild(none);
  }

  /** One checkbox, as views/partials/facet-options.ejs renders it. */
  function facetOption(key, name, value) {
    var id = 'f-' + key + '-' + idSafe(value.value);
    var li = document.createElement('li');
    li.className = 'facet-option' + (value.selected ? ' is-selected' : '');
    var input = document.createElement('input');
    input.id = id;
    input.type = 'checkbox';
    input.name = name;
    input.value = value.value;
    input.setAttribute('form', 'search-form');
    input.checked = Boolean(value.selected);
    var label = document.createElement('label');
    label.htmlFor = id;
    var text = document.createElement('span');
    text.className = 'facet-label';
    text.textContent = value.label;
    var count = document.createElement('span');
    count.className = 'count';
    count.textContent = value.count.toLocaleString('en-GB');
    label.appendChild(text);
    label.appendChild(document.createTextNode(' '));
    label.appendChild(count);
    li.appendChild(input);
    li.appendChild(label);
    return li;
  }

  /** The same DOM-id tail as the server's idSafe: letters, digits and '-' kept, anything else as _<hex>_. */
  function idSafe(value) {
    return value.replace(/[^A-Za-z0-9-]/gu, function (char) { return '_' + char.codePointAt(0).toString(16) + '_'; });
  }

  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  enhance(document);

  // ---------- the filter panel on a phone ----------

  var PHONE = window.matchMedia ? window.matchMedia('(max-width: 760px)') : null;

  /**
   * Opens or closes the filter panel. It is a class on <html>, not the URL's #filters, so it stays open while live
   * updates replace the panel and rewrite the URL; on a phone the page behind it is inert while it is open.
   */
  function setFiltersOpen(open) {
    root.classList.toggle('filters-open', open);
    syncFiltersPanel();
  }

  function syncFiltersPanel() {
    var covering = root.classList.contains('filters-open') && Boolean(PHONE && PHONE.matches);
    document.querySelectorAll('.site-header, .site-footer, .skip-link, .results').forEach(function (element) {
      element.inert = covering;
    });
  }

  if (PHONE && PHONE.addEventListener) PHONE.addEventListener('change', syncFiltersPanel);
  // Arriving at /search#filters (a link, a reload): the panel opens as the link would have opened it.
  if (window.location.hash === '#filters' && document.getElementById('filters')) setFiltersOpen(true);

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var target = event.target instanceof Element ? event.target : null;
    var jump = target ? target.closest('.jump-filters') : null;
    var close = target ? target.closest('.filters-close') : null;
    var panel = document.getElementById('filters');
    if (jump && panel) {
      event.preventDefault();
      setFiltersOpen(true);
      panel.focus();
      if (!(PHONE && PHONE.matches)) panel.scrollIntoView({ block: 'start' });
    } else if (close) {
      setFiltersOpen(false);
      // When the panel is the URL's target, following the link is what moves the target away from it.
      if (window.location.hash === '#filters') return;
      event.preventDefault();
      var summary = document.getElementById('results-summary');
      if (summary) summary.focus();
    }
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !root.classList.contains('filters-open') || event.defaultPrevented) return;
    var target = event.target;
    if (target instanceof Element && target.closest('.combobox')) return;
    setFiltersOpen(false);
    var jump = document.querySelector('.jump-filters');
    if (jump && PHONE && PHONE.matches) jump.focus();
  });

  // ---------- live results on /search ----------

  var liveSearch = Boolean(form && region && window.fetch && window.history && window.history.pushState);
  var controller = null;
  var typingTimer = 0;

  if (liveSearch) {
    if (!window.history.state) window.history.replaceState({ dossier: true, typing: false }, '', window.location.href);

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      closeSuggestions();
      window.clearTimeout(typingTimer);
      update(formUrl(), 'push');
    });

    box.addEventListener('input', function () {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(function () { update(formUrl(), 'typing'); }, TYPING_DELAY);
    });

    region.addEventListener('change', function (event) {
      var control = event.target;
      if (!(control instanceof HTMLInputElement || control instanceof HTMLSelectElement)) return;
      // A facet's filter box filters on input; a comparison query is added by Enter or its button, not on blur.
      if (control.classList.contains('facet-filter') || control.classList.contains('compare-input')) return;
      if (control.type === 'date' && control.value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(control.value)) return;
      // A value chosen by a filter typed into the query (country:FR) is unticked by taking it out of the query.
      var qWithout = control.getAttribute('data-q-without');
      if (qWithout !== null && control instanceof HTMLInputElement && !control.checked) box.value = qWithout;
      update(formUrl(), 'push');
    });

    region.addEventListener('click', function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      // A link within the page (skip to the filters, back to the results) is not a new search.
      if (!link || (link.getAttribute('href') || '').charAt(0) === '#') return;
      var url = new URL(link.getAttribute('href') || '', window.location.href);
      if (url.origin !== window.location.origin || url.pathname !== '/search') return;
      event.preventDefault();
      var paging = Boolean(link.closest('.pagination'));
      update(url.pathname + url.search, 'push').then(function () {
        if (paging) region.scrollIntoView({ block: 'start' });
      });
    });

    window.addEventListener('popstate', function () {
      var url = new URL(window.location.href);
      if (url.pathname !== '/search') return;
      box.value = url.searchParams.get('q') || '';
      update(url.pathname + url.search, 'none');
    });
  }

  /** The URL of the form's current state, without empty parameters. */
  function formUrl() {
    var params = new URLSearchParams();
    var defaults = {};
    Array.prototype.forEach.call(form.elements, function (control) {
      if (control.hasAttribute('data-default')) defaults[control.name] = control.getAttribute('data-default');
    });
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== 'string' || value.trim() === '' || defaults[name] === value) return;
      params.append(name, value);
    });
    var query = params.toString();
    return '/search' + (query === '' ? '' : '?' + query);
  }

  /**
   * Fetches the results region for `url` and swaps it in. `history` is 'push' (a new entry), 'typing' (one entry
   * per burst of typing: the first update pushes, the next ones replace it) or 'none' (Back/Forward).
   */
  function update(url, history) {
    if (controller) controller.abort();
    controller = new AbortController();
    var signal = controller.signal;
    region.setAttribute('aria-busy', 'true');
    return fetch(url, { headers: { 'X-Requested-With': 'fetch' }, signal: signal, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          // The server's error page says what is wrong with this request better than a partial would.
          window.location.assign(url);
          return;
        }
        return response.text().then(function (html) {
          if (signal.aborted) return;
          var current = window.location.pathname + window.location.search;
          if (history === 'push' && url !== current) {
            window.history.pushState({ dossier: true, typing: false }, '', url);
          } else if (history === 'typing' && url !== current) {
            var typing = window.history.state && window.history.state.typing;
            window.history[typing ? 'replaceState' : 'pushState']({ dossier: true, typing: true }, '', url);
          }
          swap(html);
        });
      })
      .catch(function (error) {
        if (error && error.name === 'AbortError') return;
        window.location.assign(url);
      })
      .finally(function () {
        if (!signal.aborted) region.setAttribute('aria-busy', 'false');
      });
  }

  /** Replaces the results region, keeping focus, open "show more" lists and facet filter text where they were. */
  function swap(html) {
    var active = document.activeElement;
    var focusId = active && region.contains(active) ? active.id : '';
    var focusInRegion = Boolean(active && region.contains(active));
    var kept = {};
    region.querySelectorAll('.facet[data-facet]').forEach(function (facet) {
      var more = facet.querySelector('.facet-more');
      var filter = facet.querySelector('.facet-filter');
      kept[facet.getAttribute('data-facet')] = { open: Boolean(more && more.open), text: filter ? filter.value : '' };
    });

    region.innerHTML = html;
    enhance(region);
    syncFiltersPanel();

    region.querySelectorAll('.facet[data-facet]').forEach(function (facet) {
      var state = kept[facet.getAttribute('data-facet')];
      if (!state) return;
      var more = facet.querySelector('.facet-more');
      if (more && state.open) more.open = true;
      var filter = facet.querySelector('.facet-filter');
      if (filter && state.text) {
        filter.value = state.text;
        filterFacet(filter);
      }
    });

    var layout = region.querySelector('[data-title]');
    if (layout) document.title = layout.getAttribute('data-title');
    var summary = region.querySelector('#results-summary');
    if (live && summary) live.textContent = summary.textContent.replace(/\s+/g, ' ').trim();

    if (focusInRegion) {
      var again = focusId ? document.getElementById(focusId) : null;
      (again || summary || region).focus();
    }
  }

  // ---------- suggestions (ARIA combobox) ----------

  var list = document.getElementById('q-suggestions');
  var options = [];
  var activeOption = -1;
  var suggestTimer = 0;
  var suggestController = null;

  if (box && list) {
    box.addEventListener('input', function () {
      window.clearTimeout(suggestTimer);
      suggestTimer = window.setTimeout(fetchSuggestions, SUGGEST_DELAY);
    });

    box.addEventListener('keydown', function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (!open) {
          if (options.length > 0) openList();
          return;
        }
        event.preventDefault();
        var next = activeOption + (event.key === 'ArrowDown' ? 1 : -1);
        if (next < -1) next = options.length - 1;
        setActive(next);
      } else if (event.key === 'Enter' && open && activeOption >= 0) {
        event.preventDefault();
        choose(options[activeOption]);
      } else if (event.key === 'Escape' && open) {
        event.preventDefault();
        closeSuggestions();
      }
    });

    box.addEventListener('blur', function () {
      window.setTimeout(closeSuggestions, 120);
    });

    list.addEventListener('mousedown', function (event) {
      // Keep focus in the box so the click lands on the option.
      event.preventDefault();
    });

    list.addEventListener('click', function (event) {
      var item = event.target instanceof Element ? event.target.closest('[role="option"]') : null;
      if (!item) return;
      var index = Number(item.getAttribute('data-index'));
      if (options[index]) choose(options[index]);
    });
  }

  function fetchSuggestions() {
    var text = box.value;
    if (text.trim().length < 2) {
      closeSuggestions();
      return;
    }
    if (suggestController) suggestController.abort();
    suggestController = new AbortController();
    fetch('/api/suggest?' + new URLSearchParams({ q: text, size: String(SUGGEST_SIZE) }).toString(), { signal: suggestController.signal })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (body) {
        if (box.value !== text) return;
        renderSuggestions(readSuggestions(body, text));
      })
      .catch(function () { /* Suggestions are optional: a failed fetch shows none. */ });
  }

  /**
   * The suggestions of an /api/suggest answer: a word completes the query; an entity (person, country, topic, place)
   * becomes a filter of the search, and the words typed for it leave the box.
   */
  function readSuggestions(body, typed) {
    var items = body && Array.isArray(body.suggestions) ? body.suggestions : [];
    return items.filter(function (item) {
      return item && typeof item.label === 'string' && typeof item.value === 'string';
    }).map(function (item) {
      if (item.type === 'word') {
        return { label: item.label, detail: '', query: String(item.query || item.value), filter: null };
      }
      var kind = { person: item.leader ? 'Leader' : 'Person', country: 'Country', topic: 'Topic', place: 'Place' }[item.type] || '';
      return {
        label: item.label,
        detail: kind,
        query: remainingWords(typed, item.label),
        filter: { name: item.type, value: item.value },
      };
    });
  }

  /** The typed text without the words that picked the entity: all of it when it is part of the name, else the last word. */
  function remainingWords(typed, label) {
    var text = fold(typed.trim());
    if (text !== '' && fold(label).indexOf(text) >= 0) return '';
    return typed.replace(/\S*\s*$/, '').trim();
  }

  /** The search URL after choosing a suggestion: the current form state with the new words and filter. */
  function suggestionUrl(item) {
    var url = new URL(form && region ? formUrl() : '/search', window.location.href);
    url.searchParams.delete('q');
    url.searchParams.delete('page');
    if (item.query !== '') url.searchParams.set('q', item.query);
    if (item.filter && url.searchParams.getAll(item.filter.name).indexOf(item.filter.value) < 0) {
      url.searchParams.append(item.filter.name, item.filter.value);
    }
    var params = url.searchParams.toString();
    return '/search' + (params === '' ? '' : '?' + params);
  }

  function renderSuggestions(items) {
    options = items;
    activeOption = -1;
    list.textContent = '';
    items.forEach(function (item, index) {
      var li = document.createElement('li');
      li.id = 'q-option-' + index;
      li.className = 'suggestion';
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-index', String(index));
      var label = document.createElement('span');
      label.className = 'suggestion-label';
      label.textContent = item.label;
      li.appendChild(label);
      if (item.detail) {
        var detail = document.createElement('span');
        detail.className = 'suggestion-kind';
        detail.textContent = item.detail;
        li.appendChild(detail);
      }
      list.appendChild(li);
    });
    if (items.length > 0) openList();
    else closeSuggestions();
  }

  function openList() {
    list.hidden = false;
    box.setAttribute('aria-expanded', 'true');
  }

  function closeSuggestions() {
    if (!list) return;
    list.hidden = true;
    box.setAttribute('aria-expanded', 'false');
    box.removeAttribute('aria-activedescendant');
    activeOption = -1;
  }

  /** Moves the highlighted option; index -1 (or past the end) returns to the text box. */
  function setActive(index) {
    activeOption = index >= options.length ? -1 : index;
    list.querySelectorAll('[role="option"]').forEach(function (li, i) {
      li.setAttribute('aria-selected', i === activeOption ? 'true' : 'false');
      if (i === activeOption) li.scrollIntoView({ block: 'nearest' });
    });
    if (activeOption >= 0) box.setAttribute('aria-activedescendant', 'q-option-' + activeOption);
    else box.removeAttribute('aria-activedescendant');
  }

  function choose(item) {
    closeSuggestions();
    window.clearTimeout(typingTimer);
    var url = suggestionUrl(item);
    box.value = item.query;
    if (liveSearch) update(url, 'push');
    else window.location.assign(url);
  }
})();
