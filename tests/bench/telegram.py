"""Benchmarks of the Telegram side: framework overhead, and a rate-capped broadcast."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # Imported where the fake Bot API runs: this module is also the bot process's
    # `__main__` (send_broadcast), whose memory must not count the fake server's aiohttp.
    from aiohttp import web

ROOT = Path(__file__).resolve().parents[2]
BOT = {
    "id": 1000,
    "is_bot": True,
    "first_name": "Linli",
    "username": "linli_bench_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


def _message(chat_id: int, text: str = "") -> dict:
    return {
        "message_id": 1,
        "date": 0,
        "chat": {"id": chat_id, "type": "private"},
        "from": {k: BOT[k] for k in ("id", "is_bot", "first_name")},
        "text": text,
    }


def _updates(users: int) -> list[dict]:
    """Each user: /start, 同意 (the privacy notice), their community, 社区之家, back, the menu."""
    updates = []
    n = 0
    for step in ("/start", "1", "1", "1", "返回", "菜单"):
        for user in range(users):
            n += 1
            updates.append(
                {
                    "update_id": n,
                    "message": {
                        "message_id": n,
                        "date": 0,
                        "text": step,
                        "chat": {"id": 10_000 + user, "type": "private"},
                        "from": {
                            "id": 10_000 + user,
                            "is_bot": False,
                            "first_name": "u",
                            "language_code": "zh-hans",
                        },
                    },
                }
            )
    return updates


async def _aiogram(conversation, translator):
    """Our channel on aiogram and aiogram's echo bot: a feed for each (an update as
    Telegram sends it, parsed as the webhook route parses it), and their closing."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.types import Message, Update

    from linli.bot.channels.telegram.aiogram_adapter import AiogramChannel, TypedSession

    # Only the HTTP exchange is left out, as on PTB's side: the form is built (by our
    # channel's session, and by aiogram's own for the echo) and the JSON answer is
    # parsed and validated as aiogram does with what Telegram sends back.
    async def recorded(self, bot, method, timeout=None):  # noqa: ASYNC109 - its API
        self.build_form_data(bot, method)
        if method.__api_method__ in ("sendMessage", "editMessageText"):
            result = _message(int(getattr(method, "chat_id", 0) or 0))
        else:
            result = True
        content = json.dumps({"ok": True, "result": result})
        return self.check_response(bot, method, 200, content).result

    class Recording(TypedSession):
        make_request = recorded

    class EchoRecording(AiohttpSession):
        make_request = recorded

    channel = AiogramChannel(
        conversation, translator, token="42:BENCH", api_url="http://x", session=Recording()
    )
    echo_dp = Dispatcher()

    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    echo_dp.message.register(echo)
    echo_bot = Bot("42:BENCH", session=EchoRecording())

    async def ours(data: dict) -> None:
        update = Update.model_validate(data, context={"bot": channel.bot})
        await channel.dispatcher.feed_update(channel.bot, update)

    async def echoed(data: dict) -> None:
        update = Update.model_validate(data, context={"bot": echo_bot})
        await echo_dp.feed_update(echo_bot, update)

    async def close() -> None:
        pass

    return ours, echoed, close


async def _ptb(conversation, translator):
    """Our channel on python-telegram-bot and its echo bot, as `_aiogram` gives them."""
    from telegram import Update
    from telegram.ext import Application, MessageHandler, filters
    from telegram.request import BaseRequest

    from linli.bot.channels.telegram.ptb_adapter import PtbChannel

    class Recording(BaseRequest):
        @property
        def read_timeout(self) -> float:
            return 5.0

        async def initialize(self) -> None:
            pass

        async def shutdown(self) -> None:
            pass

        async def do_request(
            self,
            url,
            method,
            request_data=None,
            read_timeout=None,
            write_timeout=None,
            connect_timeout=None,
            pool_timeout=None,
        ):
            endpoint = url.rsplit("/", 1)[-1]
            if endpoint == "getMe":
                result = BOT
            elif endpoint in ("sendMessage", "editMessageText"):
                chat = (request_data.parameters or {}).get("chat_id", 0) if request_data else 0
                result = _message(int(chat))
            else:
                result = True
            return 200, json.dumps({"ok": True, "result": result}).encode()

    channel = PtbChannel(
        conversation,
        translator,
        token="42:BENCH",
        api_url="http://x",
        webhook=True,
        request=Recording(),
    )
    echo = (
        Application.builder()
        .token("42:BENCH")
        .request(Recording())
        .get_updates_request(Recording())
        .updater(None)
        .build()
    )

    async def reply(update, context) -> None:
        await update.effective_message.reply_text(update.effective_message.text or "")

    echo.add_handler(MessageHandler(filters.ALL, reply))
    await channel.app.initialize()
    await echo.initialize()

    async def ours(data: dict) -> None:
        await channel.app.process_update(Update.de_json(data, channel.app.bot))

    async def echoed(data: dict) -> None:
        await echo.process_update(Update.de_json(data, echo.bot))

    async def close() -> None:
        await channel.app.shutdown()
        await echo.shutdown()

    return ours, echoed, close


class _Recorded:
    """The conversation, with the replies it gave kept in order."""

    def __init__(self, conversation) -> None:
        self.conversation = conversation
        self.replies: list = []

    async def handle(self, request):
        reply = await self.conversation.handle(request)
        self.replies.append(reply)
        return reply


class _Replayed:
    """Those replies again, in the same order, without the conversation (no database)."""

    def __init__(self, replies: list) -> None:
        self.replies = iter(replies)

    async def handle(self, request):
        return next(self.replies)


TURN = 100  # updates fed to one side before the other has the same ones


async def _interleaved(ours, echo, updates: list[dict]) -> dict[str, float]:
    """Seconds (wall and the process's CPU) each side spent on the same updates, fed in
    turns of TURN: on a shared machine the load of the moment weighs on both alike."""
    spent = {"ours": 0.0, "echo": 0.0, "ours_cpu": 0.0, "echo_cpu": 0.0}
    for first in range(0, len(updates), TURN):
        for side, feed in (("ours", ours), ("echo", echo)):
            began, cpu = time.perf_counter(), time.process_time()
            for data in updates[first : first + TURN]:
                await feed(data)
            spent[side] += time.perf_counter() - began
            spent[f"{side}_cpu"] += time.process_time() - cpu
    return spent


async def bench_overhead(url: str, results: dict) -> None:
    """Our handling per update through each library, against an echo bot on the same one
    (each answers every update with one sendMessage, recorded, not sent), and our channel
    alone: the same replies replayed without the conversation and its database."""
    from linli.bot.i18n import Translator
    from linli.handlers.kit.clock import FakeClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.wiring import build_conversation
    from linli.storage.db import Database
    from tests.bench.__main__ import build_data

    db = Database(url)
    clock = FakeClock(dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC))
    await build_data(db, clock, residents=10, facilities=10, past_bookings=0)
    conversation = build_conversation(db, clock, CoreConfig())
    translator = Translator()
    updates = _updates(100)
    for library, sides in (("aiogram", _aiogram), ("ptb", _ptb)):
        recorded = _Recorded(conversation)
        ours, echo, close = await sides(recorded, translator)
        spent = await _interleaved(ours, echo, updates)
        await close()
        results[f"{library}_overhead_ratio"] = round(spent["ours"] / spent["echo"], 1)
        results[f"{library}_overhead_cpu_ratio"] = round(spent["ours_cpu"] / spent["echo_cpu"], 1)
        results[f"{library}_overhead_us"] = round(spent["ours"] / len(updates) * 1e6)
        ours, echo, close = await sides(_Replayed(recorded.replies), translator)
        spent = await _interleaved(ours, echo, updates)
        await close()
        results[f"{library}_channel_ratio"] = round(spent["ours"] / spent["echo"], 2)
        # The same users again would only see the menu: the next library gets its own.
        updates = [_shift(u, 100_000) for u in updates]
    await db.dispose()


def _shift(update: dict, by: int) -> dict:
    """The update from other users, under an update id of its own: the same id again
    would be a redelivery (the same bot id), answered with nothing."""
    copy = json.loads(json.dumps(update))
    copy["update_id"] += by
    copy["message"]["chat"]["id"] += by
    copy["message"]["from"]["id"] += by
    return copy


class CappedTelegram:
    """A Bot API that enforces a global cap and one message a second per chat (429 past
    them), and counts what arrived."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.window: list[float] = []
        self.last_by_chat: dict[int, float] = {}
        self.delivered: Counter = Counter()
        self.too_many = 0
        self.first: float | None = None  # when the first and the last message arrived
        self.last: float | None = None
        self.all_in: asyncio.Event | None = None  # set once `expected` chats have theirs
        self.expected = 0

    async def handle(self, request: web.Request) -> web.Response:
        from aiohttp import web

        method = request.match_info["method"]
        params = dict(await request.post()) if request.can_read_body else {}
        if method == "getMe":  # a real `linli run` starting against it
            return web.json_response({"ok": True, "result": BOT})
        if method == "getUpdates":
            await asyncio.sleep(0.5)
            return web.json_response({"ok": True, "result": []})
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        now = time.monotonic()
        chat = int(params["chat_id"])
        self.window = [t for t in self.window if now - t < 1.0]
        if len(self.window) >= self.cap or now - self.last_by_chat.get(chat, -10) < 1.0:
            self.too_many += 1
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": "Too Many Requests: retry after 1",
                    "parameters": {"retry_after": 1},
                },
                status=429,
            )
        self.window.append(now)
        self.first = self.first or now
        self.last = now
        if self.all_in is not None and len(self.delivered) + 1 >= self.expected:
            self.all_in.set()
        self.last_by_chat[chat] = now
        self.delivered[chat] += 1
        return web.json_response({"ok": True, "result": _message(chat)})


async def _fake_bot_api(cap: int) -> tuple[CappedTelegram, web.AppRunner, str]:
    """A capped fake Bot API on a free port of 127.0.0.1: it, its runner, its URL."""
    from aiohttp import web

    fake = CappedTelegram(cap)
    app = web.Application()
    app.router.add_route("*", "/bot{token}/{method}", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return fake, runner, f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"


async def _queue_broadcast(url: str, recipients: int) -> None:
    """The demo's places, `recipients` Telegram residents of 新华社 (streamed in), and one
    urgent notice to them all, its pushes queued."""
    from sqlalchemy import insert

    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.kit.clock import SystemClock
    from linli.handlers.kit.config import CoreConfig
    from linli.handlers.notices import service as notices
    from linli.handlers.profile.places import import_places
    from linli.storage.db import Database
    from linli.storage.models import User

    db = Database(url)
    clock = SystemClock()
    now = clock.now()
    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        community = await uow.communities.by_code("xinhuashe")
        await uow.commit()
    async with db.engine.begin() as conn:
        for first in range(0, recipients, 2000):  # the residents, streamed in
            await conn.execute(
                insert(User.__table__),
                [
                    {
                        "channel": "telegram",
                        "external_id": str(100_000 + n),
                        "locale": "zh-CN",
                        "community_id": community.id,
                        "created_at": now,
                        "last_seen_at": now,
                    }
                    for n in range(first, min(first + 2000, recipients))
                ],
            )
    async with db.uow() as uow:
        await notices.create_notice(
            uow,
            by=None,
            community=community,
            text="今晚停电检修",
            topic="停水停电",
            urgent=True,
            audience=notices.Audience("community"),
            send_at=None,
            now=now - dt.timedelta(seconds=20),
        )
        await uow.commit()
    await notices.enqueue_due(db, clock.now(), CoreConfig())
    await db.dispose()


def _bot_env(url: str, api_url: str, cap: int, **settings: str) -> dict[str, str]:
    """A bot process's environment: this one's without its LINLI_* settings (the bench's
    own knobs are passed on), on `url`, against the fake Bot API at its cap."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    for passed in ("LINLI_BENCH_PROFILE", "LINLI_BENCH_UNSETTLED"):
        if passed in os.environ:
            env[passed] = os.environ[passed]
    env.update(
        LINLI_DATABASE_URL=url,
        LINLI_TELEGRAM_TOKEN="42:BENCH",
        LINLI_TELEGRAM_API_URL=api_url,
        LINLI_TELEGRAM_RATE_OVERALL=str(cap),
        LINLI_HEALTH_ROUTES="false",
        **settings,
    )
    return env


async def bench_broadcast(
    url: str,
    results: dict,
    *,
    recipients: int = 10_000,
    cap: int = 300,
    suffix: str = "",
    library: str = "aiogram",
) -> None:
    """One urgent notice to 10,000 Telegram residents, sent by a bot process of its own
    (`send_broadcast`: the app `linli run` builds, its outbox dispatcher and sender), while
    a resident gets a reply every half second through the same rate budget (its latency is
    the reply's wait for a slot plus the Bot API call). `library`: aiogram or ptb.

    This process only plays Telegram and lays out the data: the bot's memory and CPU are
    its own, not the fake Bot API's nor the bench's."""
    import sys

    fake, runner, api_url = await _fake_bot_api(cap)
    await _queue_broadcast(url, recipients)
    env = _bot_env(
        url,
        api_url,
        cap,
        LINLI_TELEGRAM_LIBRARY=library,
        LINLI_OUTBOX_BATCH_SIZE="1000",
        LINLI_OUTBOX_CONCURRENCY="64",
    )
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bench.telegram",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(1800):
            out, _ = await bot.communicate()
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
        await runner.cleanup()
    if bot.returncode != 0:
        raise RuntimeError(f"the bot process of the broadcast exited with {bot.returncode}")
    sent_by = json.loads(out.decode().strip().splitlines()[-1])
    residents = {chat: n for chat, n in fake.delivered.items() if chat >= 100_000}
    sent, delivered = sum(residents.values()), len(residents)
    # The cap is shared: the probing replies (two a second) count, as Telegram counts them.
    everything = sum(fake.delivered.values())
    elapsed = sent_by["elapsed"]
    results[f"broadcast{suffix}_rate_ratio"] = round(everything / elapsed / cap, 3)
    results[f"broadcast{suffix}_429"] = fake.too_many
    results[f"broadcast{suffix}_lost"] = recipients - delivered
    results[f"broadcast{suffix}_duplicates"] = sent - delivered
    if sent_by["reply_p99_ms"] is not None:
        results[f"broadcast{suffix}_reply_p99_ms"] = sent_by["reply_p99_ms"]
    if suffix not in ("", "_ptb"):
        return
    results[f"broadcast{suffix}_peak_rss_mb"] = sent_by["peak_rss_mb"]
    results[f"broadcast{suffix}_rss_before_sending_mb"] = sent_by["rss_before_mb"]
    results[f"broadcast{suffix}_s"] = round(elapsed, 1)
    results[f"broadcast{suffix}_cpu_s"] = sent_by["cpu_s"]


async def send_broadcast() -> dict:
    """The bot's side of `bench_broadcast`, in a process of its own: the app that `linli
    run` builds from the LINLI_* settings, its Telegram channel started (getMe, commands),
    then the outbox drained while a resident is answered every half second."""
    import cProfile
    import os

    from linli.bot.app import build_app
    from linli.bot.config import load_settings
    from tests.bench.enqueue import peak_rss_mb, reset_peak, settled

    bot = build_app(load_settings())
    channel = bot.telegram
    await channel.start()
    settled()  # as serve_messaging does before serving
    limiter = channel.core.limiter
    latencies: list[float] = []

    async def resident() -> None:
        for chat in range(1, 100_000):  # a different resident each time (their own chats)
            await asyncio.sleep(0.5)
            began = time.perf_counter()
            await limiter.wait_reply(chat)
            try:
                await channel.api.send_message(chat, "reply", [])
            except Exception:  # a 429 would show in the count; keep probing
                continue
            latencies.append(time.perf_counter() - began)

    # What the bot holds before sending (its libraries, the app), then the high-water mark
    # from here on: what the broadcast itself takes.
    before_mb = peak_rss_mb(current=True)
    reset_peak()
    # LINLI_BENCH_PROFILE=FILE: a cProfile of the sending, for `python -m pstats FILE`.
    profile_to = os.environ.get("LINLI_BENCH_PROFILE")
    profiler = cProfile.Profile() if profile_to else None
    began, cpu = time.perf_counter(), time.process_time()
    probe = asyncio.create_task(resident())
    if profiler is not None:
        profiler.enable()
    await bot.dispatcher.drain()
    elapsed = time.perf_counter() - began
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile_to)
    # The process's CPU time while sending (all threads: SQLite's too): what a shared
    # machine's load does not change much, unlike the rate.
    cpu = time.process_time() - cpu
    probe.cancel()
    await asyncio.gather(probe, return_exceptions=True)
    peak = peak_rss_mb()
    await channel.stop()
    await bot.close()
    p99 = None
    if latencies:
        latencies.sort()
        p99 = round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000, 1)
    return {
        "elapsed": elapsed,
        "cpu_s": round(cpu, 1),
        "rss_before_mb": round(before_mb, 1),
        "peak_rss_mb": round(peak, 1),
        "reply_p99_ms": p99,
    }


async def bench_broadcast_processes(
    url: str, results: dict, *, processes: int = 3, recipients: int = 900, cap: int = 30
) -> None:
    """The same urgent notice sent by three real `linli run` processes of one bot, sharing
    Telegram's cap through Redis (LINLI_REDIS_URL): the rate all of them reach together."""
    import sys
    import uuid
    from asyncio.subprocess import DEVNULL

    fake, runner, api_url = await _fake_bot_api(cap)
    await _queue_broadcast(url, recipients)
    env = _bot_env(
        url,
        api_url,
        cap,
        LINLI_REDIS_URL=os.environ.get("LINLI_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        LINLI_REDIS_PREFIX=f"bench-{uuid.uuid4().hex[:8]}",
        LINLI_OUTBOX_POLL_SECONDS="0.2",
        LINLI_OUTBOX_BATCH_SIZE="200",
    )
    running = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "linli.bot", "run", env=env,
            stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL,
        )
        for _ in range(processes)
    ]  # fmt: skip
    try:
        async with asyncio.timeout(600):
            fake.all_in = asyncio.Event()
            fake.expected = recipients
            await fake.all_in.wait()
    finally:
        for process in running:
            process.terminate()
        for process in running:
            await process.wait()
        await runner.cleanup()
    elapsed = (fake.last or 0) - (fake.first or 0)
    sent = sum(fake.delivered.values())
    key = f"broadcast_{processes}proc"
    results[f"{key}_rate_ratio"] = round(sent / elapsed / cap, 3) if elapsed else None
    results[f"{key}_429"] = fake.too_many
    results[f"{key}_duplicates"] = sent - len(fake.delivered)


if __name__ == "__main__":
    # The bot process of `bench_broadcast` (LINLI_* settings from it): prints its figures.
    print(json.dumps(asyncio.run(send_broadcast())))
