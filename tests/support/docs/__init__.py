"""Helpers that read the documentation pages and replay what they show.

`pages` parses the Markdown (front matter, fenced blocks, snippet includes), `transcripts`
turns console blocks into commands with expected output, `curl` replays a command in process
against an ASGI app (with `shell` splitting its words and `cookiejar` standing in for curl's
cookie engine), and `server` replays it for real with bash, curl and uvicorn.
"""
