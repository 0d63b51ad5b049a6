"""A mail server on loopback for tests: it can accept connections and never answer (a stalled
server), or speak just enough SMTP to receive messages, which it keeps."""

import socket
import threading
from email import message_from_bytes


class FakeSMTPServer:
    def __init__(self):
        self.answering = False
        self.connections = 0
        self.messages = []
        self._stop = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def mailer_settings(self, timeout=1):
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": timeout},
            }
        }

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            self.connections += 1
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        with conn:
            if not self.answering:
                self._stop.wait(30)  # accepted, never a word back
                return
            reader = conn.makefile("rb")
            conn.sendall(b"220 fake.test ESMTP\r\n")
            while True:
                line = reader.readline()
                if not line:
                    return
                command = line[:4].upper()
                if command == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    body = b""
                    while (chunk := reader.readline()) not in (b".\r\n", b""):
                        body += chunk[1:] if chunk.startswith(b"..") else chunk
                    self.messages.append(message_from_bytes(body))
                    conn.sendall(b"250 queued\r\n")
                elif command == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")
