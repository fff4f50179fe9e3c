"""A real `linli run` on WeChat, stopped by SIGTERM while a late reply is on its way: the
reply is sent before the process ends."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys

from aiohttp import ClientSession

from linli.handlers.kit.clock import FakeClock, SystemClock
from tests.channels.fake_wechat import FakeWeChat
from tests.channels.test_wechat import APPID, TOKEN, WeChatServer, text_xml
from tests.factories import ROOT, _environment, linli


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _until_listening(port: int, process) -> None:
    """The server is up once it accepts a connection (a real process takes a moment)."""
    async with asyncio.timeout(60):
        while True:
            assert process.returncode is None, "linli run ended before it served"
            try:
                _reader, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.1)  # the other process is starting; nothing is timed
                continue
            writer.close()
            return


async def test_sigterm_waits_for_a_late_reply_in_flight(sqlite_url):
    # In this process, on the system clock the real one keeps: only `linli run` needs a process.
    linli("demo", "load", url=sqlite_url, clock=FakeClock(SystemClock().now()))
    fake = FakeWeChat()
    await fake.start()
    held = fake.hold("message/custom/send")  # WeChat is slow to take the reply
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    extra = {
        "LINLI_WECHAT_TOKEN": TOKEN,
        "LINLI_WECHAT_APPID": APPID,
        "LINLI_WECHAT_SECRET": "secret",
        "LINLI_WECHAT_API_URL": fake.url,
        "LINLI_LISTEN_PORT": str(port),
        # Every reply is late: answered `success`, then sent as a customer-service message.
        "LINLI_WECHAT_REPLY_SECONDS": "0.001",
    }
    env.update({k: v for k, v in _environment(sqlite_url, extra).items() if v is not None})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "linli.bot",
        "run",
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await _until_listening(port, process)
        async with ClientSession() as http:
            wechat = WeChatServer(f"http://127.0.0.1:{port}/wechat", http, False, SystemClock())
            status, answer = await wechat.post(text_xml("o_stop", "你好", 1))
        assert (status, answer) == (200, "success")
        async with asyncio.timeout(30):
            await fake.until_called("message/custom/send")  # the reply reaches the fake
        process.send_signal(signal.SIGTERM)
        await asyncio.sleep(0.5)
        assert process.returncode is None  # still finishing what it took on
        held.set()
        async with asyncio.timeout(30):
            code = await process.wait()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await fake.stop()
    assert code == 0
    (sent,) = fake.of("message/custom/send")
    assert "欢迎" in sent.body["text"]["content"]
