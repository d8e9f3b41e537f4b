"""Starting `nianbao serve` for a test and talking to it: the server
listens on 127.0.0.1 port 0 and the test waits for its readiness line on
stdout (never a sleep); requests go through urllib."""
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request


def county_copy(prefix='nb-serve-'):
    """A scratch copy of samples/county (tests never write into samples/)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    data = os.path.join(tmp, 'data')
    shutil.copytree('samples/county', data)
    return tmp, data


class Server:
    def __init__(self, nb, data, token=None, env=None):
        args = [nb, 'serve', '--data', data, '--listen', '127.0.0.1:0']
        if token:
            args += ['--token', token]
        self.p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env)
        line = self.p.stdout.readline()  # blocks until the server says it listens
        m = re.search(r'listening on (http://127\.0\.0\.1:(\d+))/', line)
        if not m:
            self.p.kill()
            raise RuntimeError('no readiness line: %r %s' % (line, self.p.stderr.read()))
        self.url = m.group(1)
        self.line = line

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            self.p.wait(timeout=60)
        return self.p.returncode

    def kill(self):
        self.p.kill()
        self.p.wait(timeout=60)


class NoRedirect(urllib.request.HTTPErrorProcessor):
    def http_response(self, request, response):
        return response


OPENER = urllib.request.build_opener(NoRedirect)


def req(url, method='GET', body=None, headers=None, timeout=120):
    """(status, headers, body bytes); HTTP errors are answers, not raised."""
    if isinstance(body, str):
        body = body.encode('utf-8')
    r = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with OPENER.open(r, timeout=timeout) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()
