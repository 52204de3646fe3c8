"""Malformed requests against every route; the table of cases is built from data below.

    bad-input.py BASE_URL USER_ID URL_ID SHORT_CODE EVENT_ID OUT_JSON

Each case is (name, method, path, body, headers, accepted statuses). A case passes when the
answer has an accepted status (a 4xx the contract names), is JSON, and is an object with an
"error" string. Every route is tried at the root and under /v1. The ids name existing rows (the
caller's fixture), so a case fails only because of the malformed part. Prints one line per failed
case and a summary; writes the summary and the failures to OUT_JSON; exits 1 on any failure.
Row counts are the caller's (bad-input.sh) to check.
"""
import http.client
import json
import sys
import urllib.parse

sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__file__), "..", "lib"))
from api import Api  # noqa: E402

BASE, USER, URL, CODE, EVENT, OUT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), sys.argv[6]

JSON = {"Content-Type": "application/json"}
BAD_BODY = {400}            # not JSON / not an object
INVALID = {400}             # field validation
TOO_LARGE = {413}
NOT_FOUND = {404}
PREFIXES = ["", "/v1"]

# ---- values -------------------------------------------------------------------------------------
NOT_OBJECTS = [b"", b"x", b'"x"', b"[]", b"[{}]", b"null", b"123", b"true", b"{", b'{"a":', b"{'a': 1}",
               b'{"username": "a",}', b"\xff\xfe\xfd", b'{"username": "\xff\xfe", "email": "x"}', b"}{",
               b'{"a":1}{"b":2}', b"\x00", "\u00e9t\u00e9".encode("latin-1")]
CONTENT_TYPES = [{"Content-Type": "text/plain"}, {"Content-Type": "application/x-www-form-urlencoded"}, {}]
WRONG_TYPES = [123, 1.5, True, None, [], {}, ["a"]]
INJECTION = ["' OR '1'='1", "1; DROP TABLE users; --", "\"; DELETE FROM urls; --", "<script>alert(1)</script>",
             "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "../../etc/passwd", "%00", "\u0000"]
LONG = "x" * 5000
NON_ASCII_LONG = "\u00e9" * 151 + "\u65e5\u672c"
BAD_EMAILS = ["notanemail", "a@b", "@example.com", "a@", "a b@example.com", "x" * 250 + "@example.com",
              "\u00fc@\u00fc", "' OR 1=1 --", "<script>@x", "", "   "] + [v for v in WRONG_TYPES]
BAD_USERNAMES = ["", "   ", "\t\n", "x" * 151, NON_ASCII_LONG] + WRONG_TYPES
BAD_URLS = ["", "   ", "not a url", "javascript:alert(1)", "ftp://example.com/", "file:///etc/passwd",
            "http://localhost/", "http://app.local/", "http://127.0.0.1/", "http://10.0.0.1/", "http://192.168.1.1/",
            "http://172.16.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://0.0.0.0/",
            "http://user:pass@example.com/", "https://example.com/\u0000", "https://example.com/a\nb",
            "https://" + "a" * 2050 + ".com/", "http://", "https:///path", "//example.com/x",
            "http://exa mple.com/"] + WRONG_TYPES
BAD_CODES = ["ab", "x" * 33, "has space", "\u00f1and\u00fa", "'; DROP TABLE urls; --", "a/b", "health", "users",
             "v1", "docs", "metrics", "r"] + [123, True, [], {}]
BAD_TIMESTAMPS = ["yesterday", "2000-01-01T00:00:00", "2030-13-45T00:00:00", "2030-01-01T25:00:00", "01/02/2030",
                  "2030-01-01T00:00:00+99:00", 123, True, [], {}]
BAD_IDS = ["1", "abc", 1.5, True, [], {}, 2 ** 70, -(2 ** 70), "1 OR 1=1"]


def id_accept(v):
    """An integer beyond 64 bits is a wrong value (400) or an id that does not exist (404)."""
    return {400, 404} if isinstance(v, int) and not isinstance(v, bool) else INVALID


def case_list():
    cases = []

    def add(name, method, path, body=None, headers=None, accept=INVALID):
        if isinstance(body, (dict, list)) or body is None and method in ("POST", "PUT") and headers is None:
            body = json.dumps(body if body is not None else {}).encode()
            headers = JSON if headers is None else headers
        elif isinstance(body, str):
            body = body.encode()
        for prefix in PREFIXES:
            cases.append((name + (" v1" if prefix else ""), method, prefix + path, body, headers or {}, accept))

    # 1. bodies that are not a JSON object, on every JSON write route
    write_routes = [("POST", "/users"), ("PUT", "/users/%d" % USER), ("POST", "/urls"), ("PUT", "/urls/%d" % URL),
                    ("POST", "/events"), ("PUT", "/events/%d" % EVENT)]
    for method, path in write_routes:
        for i, body in enumerate(NOT_OBJECTS):
            add("not an object #%d %s %s" % (i, method, path), method, path, body, JSON, BAD_BODY)
        for ct in CONTENT_TYPES:
            add("wrong content type %s %s %s" % (ct.get("Content-Type"), method, path), method, path,
                b'{"username":"ct","email":"ct@example.com","title":"t"}', ct, BAD_BODY)

    # 2. field validation, users
    valid_user = {"username": "never-created", "email": "never-created@example.com"}
    for v in BAD_USERNAMES:
        add("username %r" % (v,), "POST", "/users", dict(valid_user, username=v))
        add("PUT username %r" % (v,), "PUT", "/users/%d" % USER, {"username": v})
    for v in BAD_EMAILS:
        add("email %r" % (v,), "POST", "/users", dict(valid_user, email=v))
        add("PUT email %r" % (v,), "PUT", "/users/%d" % USER, {"email": v})
    add("user missing username", "POST", "/users", {"email": "missing@example.com"})
    add("user missing email", "POST", "/users", {"username": "missing-email"})
    add("user empty object", "POST", "/users", {})
    for v in INJECTION:
        add("email injection %r" % v, "POST", "/users", {"username": v, "email": v})

    # 3. field validation, URLs
    valid_url = {"user_id": USER, "original_url": "https://example.com/never", "title": "never"}
    for v in BAD_URLS:
        add("original_url %r" % (v,)[:60], "POST", "/urls", dict(valid_url, original_url=v))
        add("PUT original_url %r" % (v,)[:60], "PUT", "/urls/%d" % URL, {"original_url": v})
    for v in BAD_IDS:
        add("user_id %r" % (v,), "POST", "/urls", dict(valid_url, user_id=v), accept=id_accept(v))
    for v in [123, True, [], {}, "t" * 501, "\u20ac" * 501]:
        add("title %r" % (v,)[:40], "POST", "/urls", dict(valid_url, title=v))
        add("PUT title %r" % (v,)[:40], "PUT", "/urls/%d" % URL, {"title": v})
    for v in BAD_CODES:
        add("short_code %r" % (v,), "POST", "/urls", dict(valid_url, short_code=v))
    for v in BAD_TIMESTAMPS:
        add("expires_at %r" % (v,), "POST", "/urls", dict(valid_url, expires_at=v))
        if v != "2000-01-01T00:00:00":  # a past expiry on PUT may mean "expire it now": not malformed
            add("PUT expires_at %r" % (v,), "PUT", "/urls/%d" % URL, {"expires_at": v})
    for v in ["true", "false", 1, 0, "yes", [], {}]:
        add("PUT is_active %r" % (v,), "PUT", "/urls/%d" % URL, {"is_active": v})
    for missing in ("user_id", "original_url"):
        add("url missing " + missing, "POST", "/urls", {k: v for k, v in valid_url.items() if k != missing})
    add("url of an unknown user", "POST", "/urls", dict(valid_url, user_id=2 ** 62), accept=NOT_FOUND)

    # 4. field validation, events
    valid_event = {"url_id": URL, "user_id": USER, "event_type": "never", "details": {"a": 1}}
    for v in ["", "   ", "e" * 51, "\u65e5\u672c" * 26] + WRONG_TYPES:
        add("event_type %r" % (v,)[:40], "POST", "/events", dict(valid_event, event_type=v))
        add("PUT event_type %r" % (v,)[:40], "PUT", "/events/%d" % EVENT, {"event_type": v})
    for v in ["string", [], [1, 2], 123, True, None]:
        add("details %r" % (v,), "POST", "/events", dict(valid_event, details=v))
        add("PUT details %r" % (v,), "PUT", "/events/%d" % EVENT, {"details": v})
    for field in ("url_id", "user_id"):
        for v in BAD_IDS:
            add("%s %r" % (field, v), "POST", "/events", dict(valid_event, **{field: v}), accept=id_accept(v))
    add("event of an unknown url", "POST", "/events", dict(valid_event, url_id=2 ** 62), accept=NOT_FOUND)
    nested = b'{"url_id":%d,"user_id":%d,"event_type":"deep","details":%s}' % (URL, USER, b'{"a":' * 3000 + b"1" + b"}" * 3000)
    add("details nested 3000 deep", "POST", "/events", nested, JSON, {400})

    # 5. oversize bodies (JSON limit 64 KiB in the app, 10 MiB at nginx)
    add("JSON body of 70 KiB", "POST", "/users", dict(valid_user, username="u" * 70_000), accept=TOO_LARGE)
    add("JSON body of 1 MiB", "POST", "/urls", dict(valid_url, title="t" * 1_048_576), accept=TOO_LARGE)
    add("PUT body of 100 KiB", "PUT", "/events/%d" % EVENT, {"details": {"x": "d" * 100_000}}, accept=TOO_LARGE)
    add("CSV of 11 MiB", "POST", "/users/bulk", *multipart(b"id,username,email,created_at\n" + b"x" * (11 << 20)),
        accept=TOO_LARGE)

    # 6. bulk CSV import: one malformed row rejects the whole file
    good = "bulk-never-%d,bulk-never-%d@example.com"
    header = "id,username,email,created_at\n"
    bad_csvs = {
        "bad id": header + ",%s,\nabc,%s,\n" % (good % (1, 1), good % (2, 2)),
        "blank username": header + ",%s,\n,   ,blank@example.com,\n" % (good % (3, 3)),
        "bad email": header + ",%s,\n,bulk-never-x,not-an-email,\n" % (good % (4, 4)),
        "bad timestamp": header + ",%s,\n,%s,yesterday\n" % (good % (5, 5), good % (6, 6)),
        "too many columns": header + ",%s,,extra\n" % (good % (7, 7)),
        "too few columns": header + "1,only-two\n",
        "wrong header": "name,mail\nbulk-never-8,bulk-never-8@example.com\n",
        "huge id": header + "%d,%s,\n" % (2 ** 70, good % (10, 10)),
        "injection in email": header + ",%s,\n,bulk-never-11,' OR 1=1 --,\n" % (good % (12, 12)),
        "overlong username": header + ",%s,\n,%s,long@example.com,\n" % (good % (13, 13), "u" * 151),
        "unterminated quote": header + ',"bulk-never-14,bulk-never-14@example.com,\n',
        "header only then garbage": header + "\x00\x01\x02\n",
    }
    for name, text in bad_csvs.items():
        add("CSV " + name, "POST", "/users/bulk", *multipart(text.encode()))
    add("CSV not UTF-8", "POST", "/users/bulk",
        *multipart(header.encode() + b",bulk-never-\xff\xfe,latin@example.com,\n"))
    add("CSV not UTF-8 (latin-1)", "POST", "/users/bulk",
        *multipart(header.encode() + ",bulk-n\u00e9ver,latin2@example.com,\n".encode("latin-1")))
    add("bulk without a file part", "POST", "/users/bulk", *multipart(b"a,b\n", field="other"))
    add("bulk with a JSON body", "POST", "/users/bulk", b'{"file":"x"}', JSON)
    add("bulk with no body", "POST", "/users/bulk", b"", {"Content-Type": "multipart/form-data; boundary=x"})
    add("bulk with a broken multipart body", "POST", "/users/bulk", b"--x\r\nnonsense",
        {"Content-Type": "multipart/form-data; boundary=x"})

    # 7. bad paging and filters on every list
    for path in ("/users", "/urls", "/events"):
        for param in ("page", "per_page", "cursor"):
            for v in ("abc", "1.5", "1e3", "0x10", "--1", "1;DROP TABLE users", "true", "%00", "\u00e9"):
                add("list %s %s=%r" % (path, param, v), "GET", "%s?%s=%s" % (path, param, urllib.parse.quote(v)),
                    accept=INVALID)
    for v in ("abc", "1.5", "1 OR 1=1"):
        add("/urls page_num=%r" % v, "GET", "/urls?page_num=%s" % urllib.parse.quote(v))
        add("/urls user_id=%r" % v, "GET", "/urls?user_id=%s" % urllib.parse.quote(v))
        add("/events url_id=%r" % v, "GET", "/events?url_id=%s" % urllib.parse.quote(v))
        add("/events user_id=%r" % v, "GET", "/events?user_id=%s" % urllib.parse.quote(v))
    for v in ("maybe", "1", "yes", "tru"):
        add("/urls is_active=%r" % v, "GET", "/urls?is_active=%s" % v)

    # 8. malformed ids in paths, every method of the item routes
    for path in ("/users/%s", "/urls/%s", "/events/%s"):
        for v in ("abc", "1.5", "99999999999999999999999", "1%20OR%201=1", "%27", "-", "0x1", "%00"):
            for method in ("GET", "PUT", "DELETE"):
                if path == "/events/%s" and method == "DELETE":
                    continue
                body = b'{"title":"x"}' if method == "PUT" else None
                add("%s %s" % (method, path % v), method, path % v, body, JSON if body else None,
                    {400, 404, 405})

    # 9. unknown ids: 404 with the resource's message
    for path in ("/users/%d", "/urls/%d", "/events/%d"):
        add("GET unknown " + path, "GET", path % 2 ** 62, accept=NOT_FOUND)
        add("PUT unknown " + path, "PUT", path % 2 ** 62, b"{}", JSON, NOT_FOUND)
    for path in ("/users/%d", "/urls/%d"):
        add("DELETE unknown " + path, "DELETE", path % 2 ** 62, accept=NOT_FOUND)

    # 10. wrong methods: 405
    for method, path in (("DELETE", "/users"), ("PUT", "/users"), ("PATCH", "/users/%d" % USER),
                         ("POST", "/users/%d" % USER), ("DELETE", "/urls"), ("PATCH", "/urls/%d" % URL),
                         ("DELETE", "/events"), ("DELETE", "/events/%d" % EVENT)):
        add("%s %s" % (method, path), method, path, accept={405})
    # /users/bulk also reads as /users/{id} with a non-numeric id
    for method in ("GET", "PUT", "DELETE"):
        add("%s /users/bulk" % method, method, "/users/bulk", accept={400, 404, 405})

    # 11. redirects of codes that cannot exist
    for prefix, suffix in (("/", ""), ("/r/", ""), ("/urls/", "/redirect")):
        for code in ("ab", "x" * 33, "%00abc", "..%2f..%2fetc", "%C3%B1and%C3%BA", "%3Cscript%3E",
                     "abc%27%20OR%201%3D1", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa-nope"):
            if prefix == "/" and "%2f" in code:
                continue
            add("redirect %s%s%s" % (prefix, code, suffix), "GET", prefix + code + suffix, accept={400, 404})

    # 12. management paths are not public: nginx answers 404 however the path is spelled
    for path in ("/metrics", "/metrics/", "/METRICS", "/Metrics/", "/%6Detrics", "//metrics", "/metrics/x",
                 "/metrics?name[]=x", "/./metrics", "/x/../metrics/"):
        add("management " + path, "GET", path, accept=NOT_FOUND)
    return cases


def multipart(content, field="file"):
    boundary = "chaosboundary7f3a"
    body = (("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"users.csv\"\r\n"
             "Content-Type: text/csv\r\n\r\n" % (boundary, field)).encode() + content
            + ("\r\n--%s--\r\n" % boundary).encode())
    return body, {"Content-Type": "multipart/form-data; boundary=" + boundary}


def run():
    cases = case_list()
    api = Api(BASE, timeout=30)
    failures, statuses = [], {}
    for name, method, path, body, headers, accept in cases:
        try:
            status, resp_headers, payload = api.request(method, path, body, headers, raw=True)
        except (OSError, http.client.HTTPException) as e:
            api = Api(BASE, timeout=30)
            failures.append({"case": name, "method": method, "path": path[:120], "error": repr(e)})
            continue
        statuses[status] = statuses.get(status, 0) + 1
        problems = []
        if status not in accept:
            problems.append("status %d, expected %s" % (status, "/".join(map(str, sorted(accept)))))
        if "application/json" not in resp_headers.get("content-type", ""):
            problems.append("content-type %r" % resp_headers.get("content-type"))
        try:
            doc = json.loads(payload)
            if not (isinstance(doc, dict) and isinstance(doc.get("error"), str)):
                problems.append("no error string")
        except ValueError:
            problems.append("body not JSON: %r" % payload[:80])
        if problems:
            failures.append({"case": name, "method": method, "path": path[:120], "status": status,
                             "problems": problems, "body": payload[:200].decode("utf-8", "replace")})
        if resp_headers.get("connection", "").lower() == "close":
            api = Api(BASE, timeout=30)
    fivexx = sum(n for s, n in statuses.items() if s >= 500)
    summary = {"requests": len(cases), "failed": len(failures), "5xx": fivexx,
               "statuses": {str(k): v for k, v in sorted(statuses.items())}}
    for f in failures:
        print("  case failed: %s %s %s -> %s %s" % (f["case"], f["method"], f["path"][:80], f.get("status"),
                                                   "; ".join(f.get("problems", [f.get("error", "")]))))
    print(json.dumps(summary))
    with open(OUT, "w") as f:
        json.dump(dict(summary, failures=failures), f, indent=1)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(run())
