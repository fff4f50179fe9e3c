"""The staff web console (/console) and the public 公示 board (/board): pages served by the
same web server as the webhooks. How to add a page: docs/console.md."""
