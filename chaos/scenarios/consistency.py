"""Deactivate-then-redirect races, through nginx.

    consistency.py BASE_URL URLS_JSON ITERATIONS OUT_JSON

URLS_JSON: [{"id":..,"short_code":..}, ...] (active URLs). Each iteration takes the next URL of
the list: activates it (PUT is_active=true) and follows it twice (302 expected: both replicas'
caches hold it), deactivates it (PUT is_active=false) and, as soon as that answer is in, follows
it twice more on two other connections (410 expected). A 302 after the deactivation answered is
a stale redirect. Two keep-alive connections per phase, so nginx spreads the requests over both
replicas (the caller checks, from the replicas' own counters, that both served them).
Writes {"iterations", "stale_302", "stale_410", "other", "requests"} to OUT_JSON.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from api import Api  # noqa: E402

base, urls_file, iterations, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
urls = json.load(open(urls_file))
writer = Api(base)
readers = [Api(base) for _ in range(4)]
stale_302 = stale_410 = other = requests = 0
examples = []


def put_active(url, active):
    global requests
    status, _, body = writer.request("PUT", "/urls/%d" % url["id"], {"is_active": active})
    requests += 1
    if status != 200:
        sys.exit("PUT /urls/%d is_active=%s: %d %s" % (url["id"], active, status, body[:200]))


def follow(reader, url):
    global requests
    status, headers, _ = reader.request("GET", "/" + url["short_code"])
    requests += 1
    return status


for i in range(iterations):
    url = urls[i % len(urls)]
    put_active(url, True)
    for reader in readers[:2]:
        status = follow(reader, url)
        if status == 410:
            stale_410 += 1
        elif status != 302:
            other += 1
    put_active(url, False)
    for reader in readers[2:]:
        status = follow(reader, url)
        if status == 302:
            stale_302 += 1
            if len(examples) < 10:
                examples.append({"iteration": i, "url_id": url["id"], "code": url["short_code"]})
        elif status != 410:
            other += 1

result = {"iterations": iterations, "requests": requests, "stale_302": stale_302, "stale_410": stale_410,
          "other": other, "examples": examples}
json.dump(result, open(out, "w"))
print(json.dumps(result))
