"""A candidate on a slow phone connection uploading screenshots must not hold up everyone else.

On SQLite the sign-in check's first query begins the request's transaction IMMEDIATE, taking
the database's one write lock. The CSRF check then reads the whole posted form, so before
the fix the lock stayed taken for as long as the upload took to arrive: every other request
that wrote (or, on SQLite, read through a write transaction) waited, and after the 30 s busy
timeout failed with "database is locked". The check now lets go of the lock first.
"""

from __future__ import annotations

import socket
import time
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.factories.cases import image_bytes, make_world

BOUNDARY = "hustingsslowupload"


def _multipart(csrf: str, image: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="platform"\r\n\r\nfacebook\r\n',
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="r.png"\r\n'
        "Content-Type: image/png\r\n\r\n",
    ]
    return "".join(parts).encode() + image + f"\r\n--{BOUNDARY}--\r\n".encode()


def _read_status(sock: socket.socket) -> int:
    head = b""
    while b"\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return int(head.split(b" ", 2)[1])


def test_a_slow_upload_does_not_block_other_reports(
    db: Any, make_client: Any, live_server: str
) -> None:
    world = make_world(db)
    db.commit()
    signed_in = make_client().login(world.candidate)
    cookie, csrf = signed_in.http.cookies["hustings_session"], signed_in.csrf
    with httpx.Client(base_url=live_server, timeout=60) as http:
        http.cookies.set("hustings_session", cookie)
        new = {"csrf_token": csrf, "summary": "Replies", "platforms": "facebook",
               "in_danger_now": "no", "thinks_crime": "unsure"}  # fmt: skip
        case_url = http.post("/cases/new", data=new).headers["location"]

        body = _multipart(csrf, image_bytes(size=(300, 300), color=None))
        address = urlsplit(live_server)
        slow = socket.create_connection((address.hostname, address.port), timeout=60)
        try:
            slow.sendall(
                (
                    f"POST {case_url}/files HTTP/1.1\r\nHost: {address.netloc}\r\n"
                    f"Cookie: hustings_session={cookie}\r\n"
                    f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
                ).encode()
                + body[: len(body) // 2]
            )
            time.sleep(1.0)  # the server has the headers and half the form, and is waiting

            started = time.monotonic()
            other = http.post("/cases/new", data=new)
            waited = time.monotonic() - started
            assert other.status_code == 303, other.text[:300]
            assert waited < 10, f"another report waited {waited:.1f} s behind a slow upload"

            slow.sendall(body[len(body) // 2 :])
            assert _read_status(slow) == 303  # and the slow upload itself still lands
        finally:
            slow.close()
