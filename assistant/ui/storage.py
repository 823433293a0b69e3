"""Chainlit elements (charts, result CSVs, citations) kept on local disk, so a reopened thread shows them again
(without a storage client Chainlit drops every element: "No blob_storage_client is configured").

Files live in `data_dir/files/<owner user id>/<element id>/<name>` and are served at `/storage/<key>` only to the
person whose key it is (the route is installed by `assistant.ui.security`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiofiles
from chainlit.data.storage_clients.base import BaseStorageClient

ROUTE = "/storage"


class LocalStorageClient(BaseStorageClient):
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_of(self, object_key: str) -> Path | None:
        """The file of a key, or None for a key that would leave the storage folder."""
        path = (self.root / object_key).resolve()
        return path if path.is_relative_to(self.root) and path != self.root else None

    async def upload_file(self, object_key: str, data: bytes | str, mime: str = "application/octet-stream",
                          overwrite: bool = True, content_disposition: str | None = None) -> dict[str, Any]:
        path = self.path_of(object_key)
        if path is None or (path.exists() and not overwrite):
            return {}
        path.parent.mkdir(parents=True, exist_ok=True)
        async with aiofiles.open(path, "wb") as fh:
            await fh.write(data.encode() if isinstance(data, str) else data)
        return {"object_key": object_key, "url": await self.get_read_url(object_key)}

    async def delete_file(self, object_key: str) -> bool:
        path = self.path_of(object_key)
        if path is None or not path.is_file():
            return False
        path.unlink()
        return True

    async def get_read_url(self, object_key: str) -> str:
        return f"{ROUTE}/{object_key}"

    async def close(self) -> None:
        pass
