#!/usr/bin/env python3
"""Load test of `nianbao serve` (not part of ctest): CLIENTS concurrent
clients (default 20) for SECONDS (default 60) against a scratch copy of
samples/county. Two clients share each office, so saves collide: each
client loops GET /o/{id}/data → change a figure → PUT with If-Match →
GET /o/{id}.pdf (a new render after its own save, else the cache) and,
every fourth round, the web edition and the check. Every answer must be
200, except 412 for a save that lost the race. Afterwards every office
file must pass `nianbao check`. Prints requests per second.

    python3 bench/serve_load.py build/nianbao [SECONDS] [CLIENTS]"""
import os
import random
import re
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'tests', 'e2e'))
from serve_util import Server, county_copy, req  # noqa: E402

NB = os.path.abspath(sys.argv[1])
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 60
CLIENTS = int(sys.argv[3]) if len(sys.argv) > 3 else 20
tmp, data = county_copy('nb-serve-load-')
GOOD = ['%02d' % i for i in range(1, 41) if i not in (8, 22, 34)]  # 3 carry deliberate errors
offices = GOOD[:max(1, CLIENTS // 2)]
srv = Server(NB, data)
U = srv.url
lock = threading.Lock()
stats = {'requests': 0, 'saves': 0, 'conflicts': 0, 'renders': 0, 'failures': []}
stop = time.monotonic() + SECONDS


def count(key=None, fail=None):
    with lock:
        stats['requests'] += 1
        if key:
            stats[key] += 1
        if fail:
            stats['failures'].append(fail)


def client(n):
    rnd = random.Random(n)
    oid = offices[n % len(offices)]
    rounds = 0
    while time.monotonic() < stop:
        rounds += 1
        st, h, body = req(U + '/o/%s/data' % oid)
        count(fail=None if st == 200 else ('GET data', st))
        text = body.decode()
        new = re.sub(r'active\.penalty: \[\d+\]', 'active.penalty: [%d]' % rnd.randrange(1000), text)
        st, h, _ = req(U + '/o/%s/data' % oid, 'PUT', new, {'If-Match': h['ETag']})
        count('saves' if st == 200 else 'conflicts' if st == 412 else None,
              None if st in (200, 412) else ('PUT', st))
        st, h, pdf = req(U + '/o/%s.pdf' % oid)
        count('renders', None if st == 200 and pdf.startswith(b'%PDF') else ('GET pdf', st))
        if rounds % 4 == 0:
            for path in ('.html', '/check'):
                st = req(U + '/o/%s%s' % (oid, path))[0]
                count(fail=None if st == 200 else ('GET ' + path, st))


t0 = time.monotonic()
threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
srv.stop()
bad = [o for o in GOOD if subprocess.run([NB, 'check', os.path.join(data, o + '.yaml')],
                                         capture_output=True).returncode != 0]
s = stats
print('%d clients, %.1f s: %d requests (%.1f/s): %d saves, %d expected 412s, %d PDF GETs; '
      '%d failed; %d of %d office files invalid afterwards'
      % (CLIENTS, elapsed, s['requests'], s['requests'] / elapsed, s['saves'], s['conflicts'],
         s['renders'], len(s['failures']), len(bad), len(GOOD)))
if s['failures']:
    print('failures:', s['failures'][:10])
subprocess.run(['rm', '-rf', tmp])
sys.exit(1 if s['failures'] or bad else 0)
