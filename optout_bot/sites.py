"""Site override: send every request for a platform's hosts to another origin, faithfully.

The browser keeps the real https URL. Chromium's ``--host-resolver-rules`` maps each real
host to a local TLS front (a throwaway self-signed certificate, trusted only in the
contexts of overridden platforms), which forwards plain HTTP to ORIGIN with path, query,
body and ``Host`` unchanged. ``Location`` headers that name ORIGIN are mapped back to the
real host, and ``Domain`` attributes of cookies are dropped so cookies land on the real
host. Playwright's ``route`` is not used: it misses the request that follows a fulfilled
redirect, which would then go to the real network.
"""

from __future__ import annotations

import asyncio
import datetime
import os
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from optout_bot.errors import UsageError

#: the common name of the fronts' certificate, by which a browser's page shows it came
#: through a front
CERTIFICATE_NAME = "optout-bot site override"


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def parse_origin(text: str) -> Origin:
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("expected an origin like http://127.0.0.1:8001")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError("an origin has no path, query or fragment")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValueError("the port is not a number from 1 to 65535") from None
    return Origin(parts.scheme, parts.hostname, port)


def parse_sites(values: list[str], env: str | None, known: set[str]) -> dict[str, Origin]:
    """``--site`` values and ``OPTOUT_SITES`` into {platform: Origin}; options win over env."""
    sites: dict[str, Origin] = {}
    for source, chunks in (("OPTOUT_SITES", (env or "").split(",")), ("--site", values)):
        for chunk in chunks:
            chunk = chunk.strip()
            if not chunk:
                continue
            if not _is_text(chunk):
                raise UsageError(f"{source}: a value holds bytes that are not text (UTF-8); "
                                 "write it as PLATFORM=ORIGIN, like "
                                 "linkedin=http://127.0.0.1:8001.")
            if "=" not in chunk:
                raise UsageError(f"{source}: {chunk!r} is not PLATFORM=ORIGIN "
                                 "(e.g. linkedin=http://127.0.0.1:8001).")
            platform, origin = (part.strip() for part in chunk.split("=", 1))
            platform = platform.lower()
            if platform not in known:
                raise UsageError(f"{source}: unknown platform {platform!r}; "
                                 f"known: {', '.join(sorted(known))}.")
            try:
                sites[platform] = parse_origin(origin)
            except ValueError as exc:
                raise UsageError(f"{source} {platform}={origin}: {exc}.") from None
    return sites


#: seconds a front waits for the browser's request, for the origin to accept the
#: connection, and between two reads of a response, before it gives up on that request
READ_TIMEOUT = 30.0
CONNECT_TIMEOUT = 10.0


class OriginProblem(OSError):
    """The override origin did not answer in time or refused the connection."""


def _is_text(value: str) -> bool:
    """False for command-line or environment bytes that were not valid UTF-8 (Python keeps
    them as lone surrogates, which no socket or terminal accepts)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class TlsFront:
    """A local TLS server that forwards each connection's request to one origin.

    Every read has a deadline: an origin that accepts a connection and never answers gets
    the request dropped after ``read_timeout`` seconds, and what went wrong is kept in
    ``problem`` so a failed run can name the origin rather than the real site.
    """

    def __init__(self, origin: Origin, hosts: tuple[str, ...], ssl_context: ssl.SSLContext,
                 read_timeout: float | None = None):
        self.origin = origin
        self.hosts = hosts
        self.ssl_context = ssl_context
        self.read_timeout = read_timeout or READ_TIMEOUT
        self.server: asyncio.AbstractServer | None = None
        self.port = 0
        self.problem: str | None = None
        self.waiting: dict[int, str] = {}  # connection -> the request its origin owes
        self._handlers: set[asyncio.Task] = set()

    async def start(self) -> TlsFront:
        self.server = await asyncio.start_server(self._track, self.address, 0,
                                                 ssl=self.ssl_context,
                                                 ssl_handshake_timeout=self.read_timeout)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    @property
    def address(self) -> str:
        """Where the browser reaches this front: loopback, unless a remote browser needs
        another address of this machine (``OPTOUT_FRONT_HOST``)."""
        return os.environ.get("OPTOUT_FRONT_HOST", "").strip() or "127.0.0.1"

    async def close(self) -> None:
        if self.server:
            self.server.close()
        # handlers still forwarding are ended here, not left for the loop's shutdown
        for task in list(self._handlers):
            task.cancel()
        if self._handlers:
            await asyncio.wait(list(self._handlers), timeout=2)
        if self.server:
            try:
                await asyncio.wait_for(self.server.wait_closed(), 2)
            except (TimeoutError, Exception):  # noqa: BLE001 - closing is best effort
                pass

    def host_rules(self) -> list[str]:
        return [f"MAP {host} {self.target}" for host in self.hosts]

    @property
    def target(self) -> str:
        address = f"[{self.address}]" if ":" in self.address else self.address  # IPv6
        return f"{address}:{self.port}"

    def waited_for(self) -> str | None:
        """What the origin owes right now, in a person's words (None when nothing)."""
        if self.waiting:
            request = next(iter(self.waiting.values()))
            return f"an answer from {self.origin.url} to {request}"
        return None

    async def _track(self, client_r: asyncio.StreamReader,
                     client_w: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._handlers.add(task)
        try:
            await self._handle(client_r, client_w)
        except asyncio.CancelledError:
            pass  # the front is closing: the connection ends with it, nothing to report
        finally:
            if task is not None:
                self._handlers.discard(task)

    async def _read_head(self, reader: asyncio.StreamReader, what: str) -> bytes:
        try:
            return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), self.read_timeout)
        except TimeoutError:
            raise OriginProblem(f"{what} did not come within {self.read_timeout:g} "
                                "seconds") from None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        ctx = None
        if self.origin.scheme == "https":
            ctx = ssl.create_default_context()
            ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
        try:
            return await asyncio.wait_for(
                asyncio.open_connection(self.origin.host, self.origin.port, ssl=ctx),
                CONNECT_TIMEOUT)
        except TimeoutError:
            raise OriginProblem(f"{self.origin.url} did not accept a connection within "
                                f"{CONNECT_TIMEOUT:g} seconds") from None
        except (OSError, UnicodeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or exc
            raise OriginProblem(f"{self.origin.url} cannot be reached ({reason})") from None

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter):
        upstream_w = None
        upload = None
        key = id(client_w)
        try:
            head = await self._read_head(client_r, "the browser's request")
            real_host = _header(head, "host") or self.hosts[0]
            upstream_r, upstream_w = await self._connect()
            upstream_w.write(_rewrite_request(head))
            await upstream_w.drain()
            upload = asyncio.create_task(_pipe(client_r, upstream_w, self.read_timeout))
            request = head.split(b"\r\n", 1)[0].decode("latin-1").rsplit(" ", 1)[0]
            self.waiting[key] = f"{request} (for {real_host})"
            try:
                response_head = await self._read_head(upstream_r,
                                                      f"the answer of {self.origin.url}")
            finally:
                self.waiting.pop(key, None)
            self.problem = None
            client_w.write(_rewrite_response(response_head, self.origin, real_host))
            await client_w.drain()
            await _pipe(upstream_r, client_w, self.read_timeout)
        except OriginProblem as exc:
            self.problem = str(exc)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError,
                ssl.SSLError, OSError):
            pass
        finally:
            if upload is not None:
                upload.cancel()
                # awaited, so no task of this connection outlives it
                await asyncio.gather(upload, return_exceptions=True)
            for writer in (client_w, upstream_w):
                if writer is not None:
                    try:
                        writer.close()
                    except Exception:  # noqa: BLE001
                        pass


def _header(head: bytes, name: str) -> str | None:
    for line in head.decode("latin-1").split("\r\n")[1:]:
        key, _, value = line.partition(":")
        if key.strip().lower() == name:
            return value.strip()
    return None


def _rewrite_request(head: bytes) -> bytes:
    lines = [line for line in head.decode("latin-1").split("\r\n")
             if not line.lower().startswith(("connection:", "keep-alive:", "proxy-connection:"))]
    lines.insert(1, "Connection: close")
    return "\r\n".join(lines).encode("latin-1")


def _rewrite_response(head: bytes, origin: Origin, real_host: str) -> bytes:
    out = []
    default_port = origin.port == (443 if origin.scheme == "https" else 80)
    origin_prefixes = [origin.url]
    if default_port:
        origin_prefixes.append(f"{origin.scheme}://{origin.host}")
    for line in head.decode("latin-1").split("\r\n"):
        key, sep, value = line.partition(":")
        lower = key.strip().lower()
        if sep and lower in ("connection", "keep-alive", "alt-svc", "strict-transport-security"):
            continue
        if sep and lower in ("location", "content-location", "refresh"):
            for prefix in origin_prefixes:
                value = value.replace(prefix, f"https://{real_host}")
            line = f"{key}:{value}"
        elif sep and lower == "set-cookie":
            attrs = [a for a in value.split(";") if not _foreign_domain(a, real_host)]
            line = f"{key}:{';'.join(attrs)}"
        out.append(line)
    out.insert(1, "Connection: close")
    return "\r\n".join(out).encode("latin-1")


def _foreign_domain(attribute: str, real_host: str) -> bool:
    """A cookie ``Domain`` the real host is not in (the origin's own, say) is dropped, so the
    cookie lands on the real host; one that covers it (``.instagram.com``) is kept."""
    name, _, value = attribute.strip().partition("=")
    if name.lower() != "domain":
        return False
    domain = value.strip().lstrip(".").lower()
    host = real_host.split(":")[0].lower()
    return not (domain and (host == domain or host.endswith("." + domain)))


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                idle_timeout: float) -> None:
    """Copy until the end, or until nothing came for ``idle_timeout`` seconds."""
    try:
        while chunk := await asyncio.wait_for(reader.read(65536), idle_timeout):
            writer.write(chunk)
            await asyncio.wait_for(writer.drain(), idle_timeout)
    except (ConnectionError, OSError, TimeoutError, asyncio.CancelledError):
        pass
    finally:
        try:
            if writer.can_write_eof():
                writer.write_eof()
        except (OSError, RuntimeError, AttributeError):
            pass


def make_ssl_context(hosts: list[str]) -> ssl.SSLContext:
    """A throwaway self-signed certificate for the overridden hosts, valid two days."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CERTIFICATE_NAME)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), False)
        .sign(key, hashes.SHA256())
    )
    with tempfile.TemporaryDirectory() as tmp:
        cert_path, key_path = Path(tmp, "cert.pem"), Path(tmp, "key.pem")
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_path, key_path)
    context.set_alpn_protocols(["http/1.1"])
    return context


class SiteOverrides:
    """TLS fronts for every overridden platform, started before the browser launches."""

    def __init__(self, sites: dict[str, Origin], hosts_of: dict[str, tuple[str, ...]]):
        self.sites = sites
        self.hosts_of = hosts_of
        self.fronts: dict[str, TlsFront] = {}

    async def start(self) -> SiteOverrides:
        if not self.sites:
            return self
        all_hosts = sorted({h for p in self.sites for h in self.hosts_of[p]})
        context = make_ssl_context(all_hosts)
        for platform, origin in self.sites.items():
            self.fronts[platform] = await TlsFront(origin, self.hosts_of[platform],
                                                   context).start()
        return self

    async def close(self) -> None:
        for front in self.fronts.values():
            await front.close()

    def chromium_args(self, probe_host: str | None = None) -> list[str]:
        """The resolver rules; ``probe_host`` also maps a made-up host to the first front,
        so a page can show that the browser really uses these rules."""
        rules = [rule for front in self.fronts.values() for rule in front.host_rules()]
        if rules and probe_host:
            rules.append(f"MAP {probe_host} {next(iter(self.fronts.values())).target}")
        return [f"--host-resolver-rules={', '.join(rules)}"] if rules else []

    def is_overridden(self, platform: str) -> bool:
        return platform in self.fronts

    def origin_of(self, platform: str) -> Origin | None:
        """Where the platform's requests go now, or None when it is not overridden."""
        front = self.fronts.get(platform)
        return front.origin if front is not None else self.sites.get(platform)

    def waited_for(self, platform: str) -> str | None:
        """What the platform's override origin owes the browser now, if anything."""
        front = self.fronts.get(platform)
        return front.waited_for() if front else None

    def problem(self, platform: str) -> str | None:
        """Why the platform's override origin last failed a request (None if it answered)."""
        front = self.fronts.get(platform)
        return front.problem if front else None
