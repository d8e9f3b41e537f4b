"""What a report must say, read independently of nianbao from the data and
layout YAML: the web edition (test_html.py) and the tagged PDF
(test_tagged.py) each compare their own reading of the output with it."""
import yaml


def report_blocks(data_path):
    """(data, blocks): every heading, paragraph and table of the report in
    document order, as (kind, value) with kind one of h1 (the title), h2 (a
    section heading), h3/h4 (a stand-alone sub-heading), p (a paragraph; a
    run-in sub-heading with its text), table (value: its id) and signature
    (value: (name, date))."""
    data = yaml.safe_load(open(data_path, encoding='utf-8'))
    layout = yaml.safe_load(open(f"layouts/{data['layout']}.yaml", encoding='utf-8'))
    date = str(data.get('date', ''))
    y, m, d = (int(x) for x in date.split('-')) if date else (0, 0, 0)

    def fill(s):
        return s.replace('{office}', data['office']).replace('{year}', str(data['year'])) \
            .replace('{date}', f'{y}年{m}月{d}日')
    out = []
    for blk in layout['document']:
        if 'title' in blk:
            out.append(('h1', ''.join(fill(x) for x in blk['title'])))
        elif 'heading' in blk:
            out.append(('h2', fill(blk['heading'])))
        elif 'paragraph' in blk:
            out.append(('p', fill(blk['paragraph'])))
        elif 'prose' in blk:
            for it in (data.get('text') or {}).get(blk['prose']) or []:
                if isinstance(it, str):
                    out.append(('p', it))
                else:
                    head = it.get('h2', it.get('h3'))
                    tag = 'h3' if 'h2' in it else 'h4'
                    out.append(('p', head + it['text']) if 'text' in it else (tag, head))
        elif 'table' in blk:
            out.append(('table', blk['table']))
        elif 'signature' in blk and data.get('signature', True):
            out.append(('signature', (fill(blk['signature']['name']), fill(blk['signature']['date']))))
    return data, out
