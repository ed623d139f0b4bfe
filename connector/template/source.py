"""Read the files of a template package, whether a directory or the same zipped as ``.wsconfig``.

Both answer the same questions (which files exist, their bytes, their display name), so the
loader and validator treat them identically; only display names differ
(``dir/workflows/User/Add.xml`` versus ``name.wsconfig!workflows/User/Add.xml``)."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

MAX_MEMBER_BYTES = 16 * 1024 * 1024  # refuse zip bombs: no template file is anywhere near this


class TemplateSourceError(ValueError):
    """The path is neither a template directory nor a readable .wsconfig zip."""


class TemplateSource:
    """The files of a template, keyed by POSIX paths relative to the template root."""

    def __init__(self, name: str, display: str, files: dict[str, bytes], separator: str) -> None:
        self.name = name
        self.display_root = display
        self._files = files
        self._separator = separator

    @classmethod
    def open(cls, path: str | Path) -> TemplateSource:
        p = Path(path)
        if p.is_dir():
            return cls._from_directory(p)
        if p.is_file():
            return cls._from_zip(p)
        raise TemplateSourceError(f"{p}: no such template directory or .wsconfig file")

    @classmethod
    def _from_directory(cls, root: Path) -> TemplateSource:
        files = {
            f.relative_to(root).as_posix(): f.read_bytes()
            for f in sorted(root.rglob("*"))
            if f.is_file() and "__pycache__" not in f.parts
        }
        return cls(root.name, str(root), files, "/")

    @classmethod
    def _from_zip(cls, path: Path) -> TemplateSource:
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [i for i in archive.infolist() if not i.is_dir()]
                for info in infos:
                    if info.file_size > MAX_MEMBER_BYTES:
                        raise TemplateSourceError(f"{path}!{info.filename}: member larger than 16 MiB")
                files = {PurePosixPath(i.filename).as_posix(): archive.read(i) for i in infos}
        except zipfile.BadZipFile as exc:
            raise TemplateSourceError(
                f"{path}: not a zip archive ({exc}); a .wsconfig template is the template directory zipped"
            ) from None
        files = _strip_single_top_folder(files)
        return cls(path.stem, str(path), files, "!")

    def display(self, relpath: str) -> str:
        """How messages name a file of this template."""
        return f"{self.display_root}{self._separator}{relpath}"

    def exists(self, relpath: str) -> bool:
        return relpath in self._files

    def read(self, relpath: str) -> bytes:
        return self._files[relpath]

    def list(self, prefix: str = "") -> list[str]:
        return sorted(f for f in self._files if f.startswith(prefix))


def _strip_single_top_folder(files: dict[str, bytes]) -> dict[str, bytes]:
    """Accept a zip made of the folder itself (``sap-ecc/discovery.xml``) as well as of its content."""
    if "discovery.xml" in files or not files:
        return files
    tops = {name.split("/", 1)[0] for name in files}
    if len(tops) == 1 and all("/" in name for name in files):
        top = tops.pop() + "/"
        return {name[len(top) :]: data for name, data in files.items()}
    return files
