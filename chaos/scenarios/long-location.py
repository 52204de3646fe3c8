"""long-location: a link at the Location cap, clicked through nginx (python3 standard library only).

    long-location.py BASE_URL USER_ID PLAIN_CODE CLICKS RESULT.json

Creates a link whose Location header is exactly 2,048 bytes (CJK path, percent-encoded), checks
that one over the cap (2,000 CJK characters: an 18 KB header) is a 400 on original_url, clicks the
capped link CLICKS times with the longest request id a client may send, then follows a plain link
CLICKS times: a replica that nginx had ejected for an invalid upstream header would show as 5xx.
"""
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 2)[0] + "/lib")
from api import Api  # noqa: E402

CAP = 2048
base, user_id, plain, clicks, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
api = Api(base)
prefix = "https://example.com/"
room = CAP - len(prefix)
at_cap = prefix + "\u6f22" * (room // 9) + "a" * (room % 9)  # each 漢 is %E6%BC%A2 in the header
too_long = prefix + "\u6f22" * 2000

result = {"statuses": {}, "location_lengths": [], "fivexx": 0}
status, body = api.json("POST", "/urls", {"user_id": user_id, "original_url": too_long, "title": "too long"})
result["too_long_status"] = status
result["too_long_field"] = sorted((body or {}).get("details", {}).keys())
status, link = api.json("POST", "/urls", {"user_id": user_id, "original_url": at_cap, "title": "at the cap"})
if status != 201:
    sys.exit("POST /urls at the cap: %s %s" % (status, link))
request_id = "r" * 128  # the longest X-Request-ID a client may send, echoed in the answer
for path in ["/" + link["short_code"]] * clicks + ["/" + plain] * clicks:
    status, headers, _ = api.request("GET", path, headers={"X-Request-ID": request_id})
    result["statuses"][str(status)] = result["statuses"].get(str(status), 0) + 1
    if status >= 500:
        result["fivexx"] += 1
    if path != "/" + plain and "location" in headers:
        result["location_lengths"].append(len(headers["location"]))
lengths = result.pop("location_lengths")
result["location_min"] = min(lengths) if lengths else 0
result["location_max"] = max(lengths) if lengths else 0
json.dump(result, open(out, "w"))
print(json.dumps(result))
