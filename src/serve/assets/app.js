/* The workspace page of `nianbao serve`. Plain JavaScript, no framework.
 * Everything shown comes from the server's JSON and is put into the page
 * with textContent / value, never as markup; the office id is read from
 * the page's data-office attribute (written escaped by the server), never
 * from the URL. */
'use strict';

(function () {
  function el(tag, attrs, kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'cls') e.className = attrs[k];
      else if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach((c) => e.append(c));
    return e;
  }

  function token() { return sessionStorage.getItem('nb-token') || ''; }
  function writeHeaders(extra) {
    const h = Object.assign({}, extra || {});
    if (token()) h['X-Nianbao-Token'] = token();
    return h;
  }

  /* ---- the board: import ------------------------------------------- */
  function boardInit() {
    const btn = document.getElementById('import');
    const file = document.getElementById('import-file');
    const status = document.getElementById('import-status');
    if (!btn) return;
    btn.addEventListener('click', async () => {
      if (!file.files.length) { status.textContent = '请先选择文件'; return; }
      const f = file.files[0];
      status.textContent = '正在导入…';
      const r = await fetch('/import', {
        method: 'POST', body: f,
        headers: writeHeaders({'Content-Type': 'application/octet-stream',
                               'X-File-Name': encodeURIComponent(f.name)})});
      const j = await r.json().catch(() => ({}));
      if (r.ok && j.id) { location.assign('/o/' + encodeURIComponent(j.id)); return; }
      status.textContent = '导入失败（' + r.status + '）：' + (j.error || '');
    });
  }

  /* ---- values ---------------------------------------------------------- */
  /* What is wrong with a figure as typed, in the clerk's terms, or null.
   * `cell` carries the layout's value type (count, change, amount, text,
   * or number when none is declared) and whether "/" is allowed. */
  function formatProblem(v, cell) {
    const type = cell.type;
    if (v === '' || type === 'text') return null;
    if (v === '/') return cell.allow_na ? null : '此格不能填“/”';
    if (/[０-９．－＋]/.test(v)) return '请用半角数字：这里输入了全角数字';
    if (/[,，]/.test(v)) return '不要用千分位逗号：1,234 应写作 1234';
    if (/\s/.test(v)) return '数字中有空格';
    if (type === 'count' && !/^\d+$/.test(v)) return '应为不小于 0 的整数（件数、次数）';
    if (type === 'change' && !/^[-+]?\d+$/.test(v)) return '应为整数，可带正负号';
    if (type === 'amount' && !/^\d+(\.\d{1,6})?$/.test(v)) return '应为不小于 0 的数，最多 6 位小数';
    if (type === 'number' && !/^-?\d+(\.\d{1,6})?$/.test(v)) return '应为数字';
    return null;
  }

  /* YAML double-quoted scalars are a superset of JSON strings. */
  function q(s) { return JSON.stringify(String(s)); }
  function scalar(v) { return /^-?\d+(\.\d+)?$/.test(v) ? v : q(v); }

  /* A pasted Word paragraph arrives indented with 　　 or spaces; the
   * layout indents paragraphs itself. */
  function trimPara(s) { return s.replace(/^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g, ''); }

  function parasToText(paras) {
    return (paras || []).map((p) => {
      if (!p.level) return p.text || '';
      const mark = p.level === 3 ? '### ' : '## ';
      return mark + (p.head || '') + (p.text ? ' || ' + p.text : '');
    }).join('\n');
  }

  function textToYaml(text) {
    const out = [];
    text.split(/\r?\n/).map(trimPara).filter((l) => l).forEach((line) => {
      const m = /^(#{2,3})\s*(.*)$/.exec(line);
      if (!m) { out.push('    - ' + q(line)); return; }
      const key = m[1].length === 3 ? 'h3' : 'h2';
      const parts = m[2].split(' || ');
      out.push('    - ' + key + ': ' + q(trimPara(parts[0])));
      if (parts.length > 1) out.push('      text: ' + q(trimPara(parts.slice(1).join(' || '))));
    });
    return out;
  }

  /* The top-level blocks of the file that the page does not edit
   * (previous:, signature:, title overrides, …), kept as written. */
  const EDITED = new Set(['layout', 'office', 'year', 'date', 'text', 'figures']);
  function keptBlocks(raw) {
    const out = [];
    let keep = false;
    (raw || '').split(/\r?\n/).forEach((line) => {
      const m = /^([^\s#'"-][^:]*):(\s|$)/.exec(line);
      if (m) keep = !EDITED.has(m[1].trim());
      else if (/^[^\s#]/.test(line)) keep = false;
      if (keep) out.push(line);
    });
    return out;
  }

  /* ---- the workspace --------------------------------------------------- */
  function officeInit(app) {
    const id = app.dataset.office;
    const base = '/o/' + encodeURIComponent(id);
    const editor = document.getElementById('editor');
    const problems = document.getElementById('problems');
    const status = document.getElementById('status');
    const banner = document.getElementById('banner');
    const preview = document.getElementById('preview');
    const saveBtn = document.getElementById('save');
    let state = null, etag = null, dirty = false, timer = null, seq = 0;

    if (app.dataset.token === 'required') {
      const label = document.querySelector('label.token');
      const input = document.getElementById('token');
      label.hidden = false;
      input.value = token();
      input.addEventListener('change', () => sessionStorage.setItem('nb-token', input.value));
    }

    function setStatus(text, cls) { status.textContent = text; status.className = cls || ''; }

    function inputs() { return editor.querySelectorAll('input.fig'); }

    function toYaml() {
      const d = state.data || {};
      const lines = [];
      if (d.layout) lines.push('layout: ' + q(d.layout));
      lines.push('office: ' + q(document.getElementById('f-office').value));
      const year = document.getElementById('f-year').value.trim();
      lines.push('year: ' + (/^\d{4}$/.test(year) ? year : q(year)));
      const date = document.getElementById('f-date').value.trim();
      if (date) lines.push('date: ' + (/^\d{4}-\d{2}-\d{2}$/.test(date) ? date : q(date)));
      lines.push(...keptBlocks(state.raw));
      const areas = editor.querySelectorAll('textarea.prose');
      const text = [];
      areas.forEach((a) => {
        const body = textToYaml(a.value);
        if (body.length) text.push('  ' + a.dataset.section + ':', ...body);
      });
      if (text.length) lines.push('text:', ...text);
      const figs = [];
      inputs().forEach((i) => {
        if (!i.readOnly && i.value.trim() !== '')
          figs.push('  ' + i.dataset.key + ': ' + scalar(i.value.trim()));
      });
      if (figs.length) lines.push('figures:', ...figs);
      return lines.join('\n') + '\n';
    }

    function ruleText(id) {
      const r = (state.layout && state.layout.rules || []).find((x) => x.id === id);
      return r ? r.text : '';
    }

    /* Shows a check's result: computed cells, broken rules on their cells,
     * the list of problems beside the tables. */
    function showCheck(check) {
      if (!check) return;
      const values = check.values || {};
      inputs().forEach((i) => {
        i.classList.remove('bad', 'warn');
        i.removeAttribute('data-rule');
        i.title = i.dataset.labels;
        if (i.readOnly) i.value = values[i.dataset.key] ? values[i.dataset.key].value : '';
        const p = formatProblem(i.value.trim(), {type: i.dataset.type, allow_na: i.dataset.na === '1'});
        i.classList.toggle('format', !!p);
        if (p) i.title = p + '\n' + i.dataset.labels;
      });
      editor.querySelectorAll('.notes').forEach((n) => n.replaceChildren());
      problems.replaceChildren();
      const diags = check.diagnostics || [];
      const head = el('h2', {text: diags.length ? '检查结果：' + check.errors + ' 个错误，' + check.warnings + ' 个警告' : '检查通过'});
      problems.append(head);
      const list = el('ul');
      diags.forEach((g) => {
        const m = /^rule (\w+)/.exec(g.message);
        const rule = m ? m[1] : null;
        const words = rule ? rule + '：' + ruleText(rule) : '';
        const li = el('li', {cls: g.severity, 'data-code': g.code}, [
          el('span', {cls: 'where', text: (g.line ? '第 ' + g.line + ' 行' : '')}),
          el('strong', {text: words}),
          el('span', {text: ' ' + g.message})]);
        if (g.cells && g.cells.length) {
          li.append(el('span', {cls: 'cells', text: ' — ' + g.cells.map((c) => c.labels).join('；')}));
          li.addEventListener('click', () => {
            const first = editor.querySelector('input[data-key="' + CSS.escape(g.cells[0].key) + '"]');
            if (first) first.focus();
          });
        }
        list.append(li);
        (g.cells || []).forEach((c) => {
          const i = editor.querySelector('input[data-key="' + CSS.escape(c.key) + '"]');
          if (!i) return;
          i.classList.add(g.severity === 'error' ? 'bad' : 'warn');
          if (rule) {
            i.dataset.rule = (i.dataset.rule ? i.dataset.rule + ' ' : '') + rule;
            i.title = words + '\n' + i.title;
          }
        });
        if (rule && g.cells && g.cells.length) {
          const table = g.cells[0].key.split('.')[0];
          const notes = document.getElementById('notes-' + table);
          if (notes) notes.append(el('li', {cls: g.severity, 'data-rule': rule, text: words + ' — ' + g.message}));
        }
      });
      problems.append(list);
    }

    function scheduleCheck() {
      dirty = true;
      setStatus('有未保存的修改', 'dirty');
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const mine = ++seq;
        const r = await fetch(base + '/check', {method: 'POST', body: toYaml()});
        const j = await r.json().catch(() => null);
        if (mine === seq && j) showCheck(j);
      }, 300);
    }

    function buildTable(t, values) {
      const table = el('table', {cls: 'grid', id: 'table-' + t.id});
      const rows = [];
      for (let r = 0; r < t.rows; r++) rows.push(table.appendChild(el('tr')));
      t.cells.forEach((c) => {
        const header = c.kind !== 'data';
        const cell = el(header ? 'th' : 'td', {cls: c.kind});
        if (c.rs > 1) cell.rowSpan = c.rs;
        if (c.cs > 1) cell.colSpan = c.cs;
        if (c.kind === 'data') {
          const v = values[c.key];
          const input = el('input', {
            cls: 'fig' + (c.computable ? ' computed' : ''), type: 'text',
            inputmode: c.type === 'count' ? 'numeric' : c.type === 'text' ? 'text' : 'decimal', autocomplete: 'off',
            'data-key': c.key, 'data-type': c.type, 'data-na': c.allow_na ? '1' : '0', 'data-labels': c.labels,
            'aria-label': c.labels, title: c.labels});
          input.value = v ? v.value : '';
          if (c.computable) { input.readOnly = true; input.tabIndex = -1; }
          input.addEventListener('input', () => {
            const p = formatProblem(input.value.trim(), c);
            input.classList.toggle('format', !!p);
            input.title = p ? p + '\n' + c.labels : c.labels;
            scheduleCheck();
          });
          cell.append(input);
        } else {
          cell.textContent = c.text || '';
          if (c.kind === 'head') cell.scope = 'col';
          if (c.kind === 'label') cell.scope = 'row';
        }
        rows[c.r].append(cell);
      });
      return el('div', {cls: 'table-wrap'}, [table, el('ul', {cls: 'notes', id: 'notes-' + t.id})]);
    }

    function build() {
      const d = state.data, L = state.layout;
      editor.replaceChildren();
      if (!d || !L) {
        editor.append(el('p', {cls: 'bad', text: '数据文件无法读取，请看右侧的错误，在文件中修正后刷新本页。'}));
        showCheck(state.check);
        return;
      }
      const values = (state.check && state.check.values) || {};
      const meta = el('fieldset', {cls: 'meta'}, [el('legend', {text: '基本信息'})]);
      [['f-office', '单位', d.office], ['f-year', '年度', String(d.year)], ['f-date', '成文日期', d.date]]
        .forEach(([fid, label, v]) => {
          const i = el('input', {id: fid, type: 'text', autocomplete: 'off'});
          i.value = v || '';
          i.addEventListener('input', scheduleCheck);
          meta.append(el('label', {}, [label + ' ', i]));
        });
      editor.append(meta);
      const seen = new Set();
      L.blocks.forEach((b) => {
        if (b.kind === 'heading') editor.append(el('h2', {text: b.text}));
        else if (b.kind === 'table') {
          const t = L.tables.find((x) => x.id === b.id);
          if (t) editor.append(buildTable(t, values));
        } else if (b.kind === 'prose') {
          seen.add(b.key);
          const a = el('textarea', {cls: 'prose', 'data-section': b.key,
            'aria-label': b.key, placeholder: b.optional ? '（可不填）' : '每段一行；“## ”开头为小标题'});
          a.value = parasToText(d.text[b.key]);
          a.rows = Math.min(8, Math.max(2, a.value.split('\n').length + 1));
          a.addEventListener('input', scheduleCheck);
          editor.append(a);
        }
      });
      /* sections the layout does not place are kept as they are */
      Object.keys(d.text || {}).filter((k) => !seen.has(k)).forEach((k) => {
        const a = el('textarea', {cls: 'prose hidden', 'data-section': k, hidden: ''});
        a.value = parasToText(d.text[k]);
        editor.append(a);
      });
      showCheck(state.check);
    }

    function refreshPreview() {
      if (state && state.check && !state.check.errors)
        preview.src = base + '.pdf?v=' + encodeURIComponent(etag || '');
    }

    async function load() {
      const r = await fetch(base + '/state', {cache: 'no-store'});
      if (!r.ok) { setStatus('无法载入（' + r.status + '）', 'bad'); return; }
      state = await r.json();
      etag = state.etag;
      dirty = false;
      banner.hidden = true;
      build();
      setStatus('已载入', 'ok');
      refreshPreview();
    }

    function showConflict(mine) {
      banner.replaceChildren(
        el('p', {text: '此报告在你载入之后已被他人保存。你的修改尚未保存，仍在本页中；对方的版本也完好无损。'}),
        el('button', {type: 'button', id: 'reload', text: '载入对方的版本（放弃我的修改）'}),
        ' ',
        el('a', {id: 'keep-mine', download: id + '-我的修改.yaml',
                 href: URL.createObjectURL(new Blob([mine], {type: 'text/yaml'})),
                 text: '下载我的修改'}));
      banner.hidden = false;
      document.getElementById('reload').addEventListener('click', load);
    }

    async function save() {
      const body = toYaml();
      setStatus('正在保存…', '');
      const r = await fetch(base + '/data', {method: 'PUT', body: body,
        headers: writeHeaders({'If-Match': etag, 'Content-Type': 'text/yaml; charset=utf-8'})});
      const j = await r.json().catch(() => ({}));
      if (r.status === 200) {
        etag = j.etag;
        dirty = false;
        setStatus('已保存', 'ok');
        const c = await fetch(base + '/check', {cache: 'no-store'});
        state.check = await c.json();
        showCheck(state.check);
        refreshPreview();
      } else if (r.status === 412) {
        setStatus('未保存：他人已修改', 'bad');
        showConflict(body);
      } else if (r.status === 422) {
        setStatus('未保存：有错误', 'bad');
        showCheck(j);
      } else if (r.status === 401) {
        setStatus('未保存：需要口令', 'bad');
        document.querySelector('label.token').hidden = false;
      } else {
        setStatus('未保存（' + r.status + '）：' + (j.error || ''), 'bad');
      }
    }

    saveBtn.addEventListener('click', save);
    document.getElementById('refresh-preview').addEventListener('click', refreshPreview);
    window.addEventListener('beforeunload', (e) => { if (dirty) e.preventDefault(); });
    load();
  }

  document.addEventListener('DOMContentLoaded', () => {
    const app = document.getElementById('app');
    if (app && app.dataset.office !== undefined) officeInit(app);
    else boardInit();
  });
})();
