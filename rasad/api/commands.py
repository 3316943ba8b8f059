"""`rasad serve`: the HTTP API and the dashboard over a store."""
from __future__ import annotations

import ipaddress

import click

from rasad.store.commands import DB_OPTION


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put a TLS proxy in front).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--private", is_flag=True,
              help="Reading needs a token too, not only writing (env RASAD_READ_OPEN=0 does the same).")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="uvicorn's log level.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (reads scale with cores; SQLite writers queue on its lock).")
def serve(db: str, host: str, port: int, private: bool, log_level: str, workers: int) -> None:
    """Serve the JSON API under /api (docs at /api/docs) and the dashboard at /.

    Analysts' writes (reviews, new articles) need «Authorization: Bearer <token>»: an API token
    from `rasad user add`, or a session token from POST /api/login."""
    import uvicorn

    from rasad.api.app import create_app
    from rasad.api.server import PROTOCOL
    from rasad.store import StoreError

    try:
        app = create_app(db, read_open=not private)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:  # a server that is down, a file we cannot write
        raise click.ClickException(f"cannot open the database {db}: {exc}") from None
    mode = "open reads" if app.state.read_open else "private: every request needs a token"
    click.echo(f"rasad: serving {db} on http://{host}:{port}/ ({mode}); API docs at /api/docs", err=True)
    if not _loopback(host):
        click.echo("rasad: listening beyond this machine without TLS: tokens and passwords travel in clear "
                   "unless a TLS proxy is in front", err=True)
    if workers > 1:  # each process builds its own app over the same store
        import os
        os.environ["RASAD_DB"] = db
        if private:
            os.environ["RASAD_READ_OPEN"] = "0"
        app.state.store.close() if hasattr(app.state, "store") else None
        uvicorn.run("rasad.api.app:create_app", factory=True, workers=workers, host=host, port=port,
                    log_level=log_level, proxy_headers=False, server_header=False, http=PROTOCOL)
        return
    uvicorn.run(app, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False,
                http=PROTOCOL)


COMMANDS = [serve]
