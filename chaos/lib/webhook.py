"""Alertmanager webhook receiver of the local chaos stack.

    python3 webhook.py HOST PORT FILE

Appends every POSTed notification to FILE as one JSON line, {"received_at": <unix seconds>,
"path": ..., "notification": <Alertmanager's payload>}, the same shape the compose stack's
receiver prints to its log (plus the arrival time). GET answers 200 (health check).
"""
import http.server
import json
import sys
import time


class Receiver(http.server.BaseHTTPRequestHandler):
    out = None

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            notification = json.loads(body or b"{}")
        except ValueError:
            notification = {"unparsed": body.decode("utf-8", "replace")}
        line = json.dumps({"received_at": time.time(), "path": self.path, "notification": notification})
        with open(self.out, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        self.send_response(200)
        self.end_headers()

    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    host, port, Receiver.out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    open(Receiver.out, "a").close()
    http.server.ThreadingHTTPServer((host, port), Receiver).serve_forever()
