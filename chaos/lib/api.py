"""Small API client for the chaos scenarios (python3 standard library only).

    api.py seed BASE_URL N PREFIX
        creates one user and N active URLs; writes PREFIX.paths (one "/<code>" a line, for wrk)
        and PREFIX.json ([{"id":..,"short_code":..}, ...]); prints the user id
"""
import http.client
import json
import os
import sys
import time
import urllib.parse


class Api:
    """One keep-alive connection; reconnects once when the server closed it."""

    def __init__(self, base_url, timeout=10):
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port = url.hostname, url.port or 80
        self.prefix = url.path.rstrip("/")
        self.timeout = timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None, raw=False):
        """Returns (status, headers dict with lower-case names, body bytes). Sends the stack's admin key
        (API_KEY, AUTH_MODE=keys) unless the caller set X-API-Key itself."""
        hdrs = dict(headers or {})
        if os.environ.get("API_KEY") and not any(h.lower() == "x-api-key" for h in hdrs):
            hdrs["X-API-Key"] = os.environ["API_KEY"]
        data = body
        if body is not None and not raw:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, self.prefix + path, body=data, headers=hdrs)
                resp = self.conn.getresponse()
                payload = resp.read()
                return resp.status, {k.lower(): v for k, v in resp.getheaders()}, payload
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def json(self, method, path, body=None):
        status, _, payload = self.request(method, path, body)
        return status, (json.loads(payload) if payload else None)


def seed(base_url, count, prefix):
    api = Api(base_url)
    tag = "%d%03d" % (time.time(), time.time_ns() % 1000)
    status, user = api.json("POST", "/users", {"username": "chaos-" + tag, "email": "chaos-%s@example.com" % tag})
    if status != 201:
        sys.exit("POST /users: %s %s" % (status, user))
    urls = []
    for i in range(count):
        status, url = api.json("POST", "/urls", {"user_id": user["id"], "title": "chaos %d" % i,
                                                 "original_url": "https://example.com/chaos/%s/%d" % (tag, i)})
        if status != 201:
            sys.exit("POST /urls: %s %s" % (status, url))
        urls.append({"id": url["id"], "short_code": url["short_code"]})
    with open(prefix + ".paths", "w") as f:
        f.writelines("/%s\n" % u["short_code"] for u in urls)
    with open(prefix + ".json", "w") as f:
        json.dump(urls, f)
    print(user["id"])


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "seed":
        seed(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(__doc__)
