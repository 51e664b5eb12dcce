"""Interop over NATS between cloudevents-codec and the Python CloudEvents SDK.

Run by `nats_interop_python_sdk` (tests/broker_nats.rs), not by hand:

    nats_interop.py SERVER SUBJECT_IN SUBJECT_OUT COUNT

1. Subscribes to SUBJECT_IN and prints `ready`.
2. Sends the SDK's own events to SUBJECT_OUT in binary and structured
   mode, printing `sent MODE JSON` (the SDK's JSON form of the event)
   before each.
3. Reads COUNT events from SUBJECT_IN (sent by the Rust test) with the
   SDK and prints `received MODE JSON` for each.

The NATS binding is the HTTP binding's header scheme (`ce-` headers,
percent-encoded values) except that `datacontenttype` is a
`ce-datacontenttype` header, not `Content-Type` (NATS-3): the SDK has no
NATS binding, so this script uses its HTTP binding and moves that one
header. Every wait is bounded.
"""

import asyncio
import sys
from datetime import datetime, timezone
from urllib.parse import quote

import nats
from cloudevents.core.bindings import http
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

WAIT = 15.0
FORMAT = JSONFormat()


def sdk_events():
    """The events the SDK sends: every data kind, non-ASCII and
    percent-worthy values, an Integer extension. (Boolean extensions are
    left out: the SDK writes them in binary mode as `True`/`False`, not
    the canonical `true`/`false`.)"""
    when = datetime(2026, 11, 28, 13, 11, 25, 123456, tzinfo=timezone.utc)
    return [
        CloudEvent(
            {
                "id": "py-1",
                "source": "https://example.com/py?a=b&c=%20d",
                "type": "org.python.sdk",
                "subject": "héllo wörld 🌍 \"q\" 100%",
                "time": when,
                "dataschema": "https://example.com/schema.json",
                "datacontenttype": "application/json",
                "strext": "  padded, ü  ",
                "intext": 42,
            },
            {"celsius": 21.5, "note": "ü ☃"},
        ),
        CloudEvent(
            {
                "id": "py-2",
                "source": "/py",
                "type": "org.python.binary",
                "time": when,
                "datacontenttype": "application/octet-stream",
            },
            b"\x00\x01\x02\xfd\xfe\xff",
        ),
        CloudEvent(
            {
                "id": "py-3",
                "source": "/py",
                "type": "org.python.text",
                "time": when,
                "datacontenttype": "text/plain; charset=utf-8",
            },
            "héllo, wörld\nline two",
        ),
        CloudEvent(
            {"id": "py-4", "source": "/py", "type": "org.python.none", "time": when, "ext": "x"}
        ),
    ]


def to_nats_binary(event):
    message = http.to_binary(event, FORMAT)
    headers = dict(message.headers)
    content_type = headers.pop("content-type", None)
    if content_type is not None:
        headers["ce-datacontenttype"] = quote(content_type, safe="")
    return headers, message.body


def mode_of(headers):
    if any(k.lower().startswith("ce-") for k in headers):
        return "binary"
    return "structured"


async def main():
    server, subject_in, subject_out, count = sys.argv[1:5]
    count = int(count)
    nc = await asyncio.wait_for(nats.connect(server), WAIT)
    sub = await nc.subscribe(subject_in)
    await nc.flush(timeout=WAIT)
    print("ready", flush=True)

    for event in sdk_events():
        headers, body = to_nats_binary(event)
        print("sent binary", FORMAT.write(event).decode(), flush=True)
        await nc.publish(subject_out, body, headers=headers)
        message = http.to_structured(event, FORMAT)
        print("sent structured", FORMAT.write(event).decode(), flush=True)
        await nc.publish(subject_out, message.body, headers=dict(message.headers))
    await nc.flush(timeout=WAIT)

    for _ in range(count):
        msg = await sub.next_msg(timeout=WAIT)
        headers = dict(msg.headers or {})
        event = http.from_http(http.HTTPMessage(headers=headers, body=msg.data), FORMAT)
        print("received", mode_of(headers), FORMAT.write(event).decode(), flush=True)
    await nc.drain()


asyncio.run(main())
