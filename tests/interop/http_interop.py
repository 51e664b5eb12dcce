"""Interop over HTTP between cloudevents-codec and the Python CloudEvents SDK.

Run by the `http_interop_...` tests (ce/tests/http_interop.rs), not by hand:

    http_interop.py send URL
        POSTs the SDK's own events to URL (`ce serve`), each in binary and
        in structured mode (the SDK's `to_binary` / `to_structured`),
        printing `sent MODE JSON` (the SDK's JSON form of the event) before
        each request and `status CODE` after it.

    http_interop.py serve COUNT
        Listens on 127.0.0.1 (a free port), prints `port N` and `ready`,
        reads COUNT POSTed events (sent by `ce send`) with the SDK's
        `from_http` and prints `received MODE JSON` for each, in the order
        received; answers 202, or 400 and a `failed ERROR` line when the
        SDK cannot read a request. Exits once COUNT requests arrived.

Only the standard library's HTTP client and server are used beside the SDK
(tests/interop/requirements.txt). Every wait is bounded.
"""

import sys
import threading
from datetime import datetime, timezone
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

from cloudevents.core.bindings import http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

WAIT = 15.0
FORMAT = JSONFormat()


def sdk_events():
    """The events the SDK sends: JSON, binary and text data, no data,
    values that need percent-encoding (space, quote, percent, non-ASCII),
    an Integer extension, an RFC 3339 time with microseconds. (Boolean
    extensions are left out: the SDK writes them in binary mode as
    `True`/`False`, not the canonical `true`/`false`.)"""
    when = datetime(2026, 11, 28, 13, 11, 25, 123456, tzinfo=timezone.utc)
    return [
        CloudEvent(
            {
                "id": "py-http-1",
                "source": "https://example.com/py?a=b&c=%20d",
                "type": "org.python.sdk",
                "subject": 'héllo wörld 🌍 "q" 100% ; , =',
                "time": when,
                "dataschema": "https://example.com/schema.json",
                "datacontenttype": "application/json",
                "strext": "  padded, ü %41 ",
                "intext": 42,
                "ext1": "one",
                "ext2": "zwei",
                "ext3": "三",
                "ext4": "four",
                "ext5": "five",
            },
            {"celsius": 21.5, "note": "ü ☃", "list": [1, 2, 3]},
        ),
        CloudEvent(
            {
                "id": "py-http-2",
                "source": "/py",
                "type": "org.python.binary",
                "time": when,
                "datacontenttype": "application/octet-stream",
            },
            bytes(range(256)),
        ),
        CloudEvent(
            {
                "id": "py-http-3",
                "source": "urn:example:py",
                "type": "org.python.text",
                "time": when,
                "datacontenttype": "text/plain; charset=utf-8",
            },
            "héllo, wörld\nline two \"q\" %41",
        ),
        CloudEvent(
            {
                "id": "py-http-4",
                "source": "/py",
                "type": "org.python.none",
                "time": when,
                "ext": "x",
            }
        ),
    ]


def send(url):
    for event in sdk_events():
        for mode, message in (
            ("binary", http.to_binary(event, FORMAT)),
            ("structured", http.to_structured(event, FORMAT)),
        ):
            print("sent", mode, FORMAT.write(event).decode(), flush=True)
            # http.client sends exactly these headers (urllib would add a
            # form Content-Type to a POST without one: an event without
            # data has none).
            target = urlsplit(url)
            connection = HTTPConnection(target.hostname, target.port, timeout=WAIT)
            connection.request("POST", target.path or "/", body=message.body, headers=message.headers)
            status = connection.getresponse().status
            connection.close()
            print("status", status, flush=True)


def mode_of(headers):
    if any(k.lower().startswith("ce-") for k in headers):
        return "binary"
    return "structured"


def serve(count):
    received = []
    done = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as `ce send` keeps its connection.
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = dict(self.headers.items())
            try:
                event = http.from_http(http.HTTPMessage(headers=headers, body=body), FORMAT)
                line = "received %s %s" % (mode_of(headers), FORMAT.write(event).decode())
                status = 202
            except Exception as e:  # the test prints and fails on it
                line = "failed %r" % (e,)
                status = 400
            print(line, flush=True)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            received.append(line)
            if len(received) >= count:
                done.set()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = WAIT
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print("port", server.server_address[1], flush=True)
    print("ready", flush=True)
    finished = done.wait(timeout=4 * WAIT)
    server.shutdown()
    if not finished:
        print("timed out after", len(received), "of", count, "requests", flush=True)
        sys.exit(1)


def main():
    command = sys.argv[1]
    if command == "send":
        send(sys.argv[2])
    elif command == "serve":
        serve(int(sys.argv[2]))
    else:
        sys.exit("usage: http_interop.py send URL | serve COUNT")


main()
