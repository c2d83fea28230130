"""The review web app (Starlette): list releases, review one language, approve edits, republish.

Security, in order of the request:

- **Host.** Bound to a loopback address, the app answers only requests addressed to a loopback name, so a web
  page that rebinds its own domain to 127.0.0.1 (DNS rebinding) cannot read the review page.
- **Token.** Bound to a loopback address, the app needs no token. Bound to anything else it refuses to start
  without one, and every request must carry it: ``?token=…`` once (the app then sets an ``HttpOnly``,
  ``SameSite=Strict`` cookie and redirects to the clean URL), the cookie, or ``Authorization: Bearer …``.
- **CSRF.** Every form carries a per-process secret and a POST without it is refused; a POST whose ``Origin``
  (or, lacking one, ``Referer``) is another site is refused too.
- **Output.** Pages are server-rendered with every value escaped (:mod:`transpub.review.pages`), under a
  Content-Security-Policy that allows only the app's own script and style, and may not be framed.

Edits are validated exactly like XLIFF imports (:func:`transpub.checks.validate.validate_target`); a refused
edit is shown again, unchanged, with the reason next to it.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import secrets
from pathlib import Path
from types import MappingProxyType
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from transpub.document import Flag, Severity
from transpub.errors import ReviewError, TranspubError
from transpub.memory import concordance, history
from transpub.memory.store import TranslationMemory
from transpub.review.apply import ReviewDesk
from transpub.review.pages import PageState, index_page, language_page, language_url, message_page
from transpub.review.redact import public_message  # error pages never show absolute paths
from transpub.review.workbench import LiveChecker, View, histories, next_to_review

STATIC_DIR = Path(__file__).parent / "static"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
TOKEN_COOKIE = "transpub_review_token"  # noqa: S105 - the cookie's name, not a secret
MAX_FORM_BYTES = 1_000_000
SECURITY_HEADERS = MappingProxyType(
    {
        "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
)


def is_loopback(host: str) -> bool:
    """Whether binding to ``host`` keeps the app on this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("::1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _TokenGate(BaseHTTPMiddleware):
    """Refuse every request that does not carry the access token (only installed when a token is set)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        super().__init__(app)
        self._token = token

    def _ok(self, candidate: str | None) -> bool:
        return candidate is not None and secrets.compare_digest(candidate.encode(), self._token.encode())

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        query_token = request.query_params.get("token")
        if self._ok(query_token):
            clean = request.url.remove_query_params("token")
            response: Response = RedirectResponse(str(clean.path) + (f"?{clean.query}" if clean.query else ""), 303)
            response.set_cookie(TOKEN_COOKIE, self._token, httponly=True, samesite="strict")
            return response
        bearer = request.headers.get("authorization", "")
        if self._ok(request.cookies.get(TOKEN_COOKIE)) or self._ok(bearer.removeprefix("Bearer ").strip() or None):
            return await call_next(request)
        return HTMLResponse(
            message_page("Access token needed", "Open the link with ?token=… that `transpub review serve` printed."),
            status_code=401,
        )


class _Headers(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


class ReviewApp:
    """The request handlers, bound to one :class:`ReviewDesk`; :func:`create_app` wires them into Starlette."""

    def __init__(
        self,
        desk: ReviewDesk,
        *,
        reviewer: str | None = None,
        csrf: str | None = None,
        memory: TranslationMemory | None = None,
        checker: LiveChecker | None = None,
    ) -> None:
        self.desk = desk
        self.reviewer = reviewer
        self.csrf = csrf or secrets.token_urlsafe(32)
        self.memory = memory
        self.checker = checker or LiveChecker()

    # -- helpers

    async def _form(self, request: Request) -> dict[str, str]:
        """The posted form, after the CSRF and same-origin checks; raise :class:`ReviewError` if refused."""
        origin = request.headers.get("origin") or request.headers.get("referer")
        if origin and origin != "null":
            parts = urlsplit(origin)
            if (parts.scheme, parts.netloc) != (request.url.scheme, request.url.netloc):
                raise ReviewError("cross-site form post refused", value=origin)
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                raise ReviewError("form is too large", value=len(body))
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if not secrets.compare_digest(form.get("csrf", "").encode(), self.csrf.encode()):
            raise ReviewError("missing or stale form token; reload the page", value="csrf")
        return form

    def _page(self, slug: str, lang: str, state: PageState, status_code: int = 200) -> Response:
        report = self.desk.report(slug)
        language = report.language(lang)
        if self.memory is not None:
            with self.memory.connection() as conn:
                events = history.events_many(conn, [s.source for s in language.segments], report.source_lang, lang)
                hits: tuple[concordance.ConcordanceHit, ...] = ()
                if state.concordance_query:
                    hits = concordance.search(conn, state.concordance_query, source_lang=report.source_lang)
            state = dataclasses.replace(state, histories=histories(events, language), concordance=hits)
        return HTMLResponse(language_page(report, lang, state), status_code=status_code)

    def _judge(self, slug: str, lang: str, segment_id: str, typed: str) -> tuple[str, tuple[Flag, ...]]:
        """The edit as tagged text and the flags the check registry raises on it (ReviewError: not approvable)."""
        current = self.desk.current(slug)
        segment = current.segment(segment_id)
        if segment is None or current.report.language(lang).segment(segment_id) is None:
            raise ReviewError(f"release {slug!r} has no segment {segment_id!r}", value=segment_id)
        return self.checker.judge(segment, typed, source_lang=current.report.source_lang, lang=lang)

    @staticmethod
    def _refused(exc: ReviewError, status_code: int = 400) -> Response:
        return HTMLResponse(message_page("Request refused", public_message(exc.message)), status_code=status_code)

    # -- handlers

    async def index(self, request: Request) -> Response:
        reports = await run_in_threadpool(self.desk.reports)
        return HTMLResponse(index_page(reports))

    async def language(self, request: Request) -> Response:
        slug, lang = request.path_params["slug"], request.path_params["lang"]
        params = request.query_params
        state = PageState(
            self.csrf,
            message=params.get("msg"),
            view=View.from_query(params),
            focus=params.get("focus"),
            concordance_query=(params.get("cq") or "").strip(),
            confirm_bulk=params.get("bulk") == "confirm",
        )
        try:
            return await run_in_threadpool(self._page, slug, lang, state)
        except ReviewError as exc:
            return self._refused(exc, 404)

    async def approve(self, request: Request) -> Response:
        slug, lang = request.path_params["slug"], request.path_params["lang"]
        try:
            form = await self._form(request)
        except ReviewError as exc:
            return self._refused(exc, 403)
        segment, typed = form.get("segment", ""), form.get("target", "")
        view = View.from_query(form)
        try:
            before = await run_in_threadpool(self.desk.report, slug)
            target, flags = await run_in_threadpool(self._judge, slug, lang, segment, typed)
            critical = [f.message for f in flags if f.severity is Severity.CRITICAL]
            if critical and form.get("confirm") != "critical":
                state = PageState(
                    self.csrf,
                    message=f"Not approved yet: {segment} has a critical flag",
                    edits=MappingProxyType({segment: typed}),
                    confirms=MappingProxyType({segment: "; ".join(critical)}),
                    view=View("all"),
                    focus=segment,
                )
                return await run_in_threadpool(self._page, slug, lang, state, 409)
            await run_in_threadpool(self.desk.approve, slug, lang, segment, target, reviewer=self.reviewer)
        except ReviewError as exc:
            state = PageState(
                self.csrf,
                message=f"Not approved: {public_message(exc.message)}",
                edits=MappingProxyType({segment: typed}),
                errors=MappingProxyType({segment: public_message(exc.message)}),
                view=View("all"),
                focus=segment,
            )
            try:
                return await run_in_threadpool(self._page, slug, lang, state, 422)
            except ReviewError as missing:
                return self._refused(missing, 404)
        following = next_to_review(before.language(lang), segment)
        query = {"msg": f"Approved {segment}", "filter": view.filter if view.filter != "flagged" else ""}
        if following:
            query["focus"] = following
        return RedirectResponse(f"{language_url(slug, lang)}?{urlencode({k: v for k, v in query.items() if v})}", 303)

    async def check(self, request: Request) -> Response:
        """Checks while typing: the edit's flags from the check registry, as JSON (same CSRF and origin rules)."""
        slug, lang = request.path_params["slug"], request.path_params["lang"]
        try:
            form = await self._form(request)
        except ReviewError as exc:
            return JSONResponse({"error": public_message(exc.message)}, status_code=403)
        try:
            _, flags = await run_in_threadpool(self._judge, slug, lang, form.get("segment", ""), form.get("target", ""))
        except ReviewError as exc:
            return JSONResponse({"ok": False, "error": public_message(exc.message), "flags": []})
        return JSONResponse(
            {
                "ok": True,
                "error": None,
                "flags": [{"code": f.code, "severity": str(f.severity), "message": f.message} for f in flags],
            }
        )

    async def revert(self, request: Request) -> Response:
        """Undo the latest change of a segment's approved text, then republish its language."""
        slug, lang = request.path_params["slug"], request.path_params["lang"]
        try:
            form = await self._form(request)
        except ReviewError as exc:
            return self._refused(exc, 403)
        segment = form.get("segment", "")
        try:
            done = await run_in_threadpool(self._revert, slug, lang, segment, form.get("event", ""))
        except TranspubError as exc:
            return self._refused(ReviewError(exc.message), 409)
        query = urlencode({"msg": f"Reverted {segment} ({done.action} undone)", "filter": "all", "focus": segment})
        return RedirectResponse(f"{language_url(slug, lang)}?{query}", status_code=303)

    def _revert(self, slug: str, lang: str, segment_id: str, event_id: str) -> history.HistoryEvent:
        if self.memory is None or not event_id.isdigit():
            raise ReviewError("nothing to revert", value=event_id)
        report = self.desk.report(slug)
        published = report.language(lang).segment(segment_id)
        memory = self.memory
        with memory.connection() as conn:
            event = history.event(conn, int(event_id))
        if published is None or event is None or (event.source, event.target_lang) != (published.source, lang):
            raise ReviewError("this change is not one of this segment's", value=event_id)

        def change() -> history.HistoryEvent:
            with memory.connection(write=True) as conn:
                history.revert(conn, int(event_id), reviewer=self.reviewer, at=history.utc_now())
            return event

        self.desk.change_and_republish(slug, lang, change)
        return event

    async def approve_unflagged(self, request: Request) -> Response:
        slug, lang = request.path_params["slug"], request.path_params["lang"]
        try:
            await self._form(request)
        except ReviewError as exc:
            return self._refused(exc, 403)
        try:
            done = await run_in_threadpool(self.desk.approve_unflagged, slug, lang, reviewer=self.reviewer)
        except ReviewError as exc:
            return self._refused(exc, 404)
        query = urlencode({"msg": f"Approved {len(done)} unflagged segment(s)"})
        return RedirectResponse(f"{language_url(slug, lang)}?{query}", status_code=303)


def create_app(
    desk: ReviewDesk,
    *,
    host: str = "127.0.0.1",
    token: str | None = None,
    reviewer: str | None = None,
    csrf: str | None = None,
    memory: TranslationMemory | None = None,
    checker: LiveChecker | None = None,
) -> Starlette:
    """The Starlette app serving ``desk``; refuses a non-loopback ``host`` without a ``token``.

    ``memory`` (the desk's) shows history, revert and concordance; ``checker`` runs the checks while typing with the
    run's glossary (:meth:`LiveChecker.from_settings`); without one, the checks run without glossary terms.
    """
    if not is_loopback(host) and not token:
        raise ReviewError("the review page needs a token when it listens beyond this machine", value=host)
    handlers = ReviewApp(desk, reviewer=reviewer, csrf=csrf, memory=memory, checker=checker)
    middleware = [Middleware(_Headers)]
    if is_loopback(host):
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=[*LOOPBACK_NAMES, host]))
    if token:
        middleware.append(Middleware(_TokenGate, token=token))
    return Starlette(
        routes=[
            Route("/", handlers.index),
            Route("/review/{slug}/{lang}", handlers.language),
            Route("/review/{slug}/{lang}/approve", handlers.approve, methods=["POST"]),
            Route("/review/{slug}/{lang}/approve-unflagged", handlers.approve_unflagged, methods=["POST"]),
            Route("/review/{slug}/{lang}/check", handlers.check, methods=["POST"]),
            Route("/review/{slug}/{lang}/revert", handlers.revert, methods=["POST"]),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=middleware,
    )
