"""Builds the package, generating its gRPC stubs from the service's protos.

The protos are read from ../../proto (the repository's), so the package is
installed from the repository: `pip install clients/python`. The generated
modules go to src/gamification_client/v1/, with imports rewritten from
`gamification.v1` to `gamification_client.v1` (the descriptors keep their
names: `gamification/v1/games.proto`, `gamification.v1.GameService`).
"""

import pathlib
import re
import shutil
import tempfile

from setuptools import setup

HERE = pathlib.Path(__file__).resolve().parent
PROTO_ROOT = HERE.parent.parent / "proto"
OUT = HERE / "src" / "gamification_client" / "v1"

# `from gamification.v1 import x_pb2` and `gamification.v1.x_pb2` (in .pyi);
# never the RPC paths or full names ("/gamification.v1.GameService/...").
IMPORT = re.compile(r"\bfrom gamification\.v1 import\b")
MODULE = re.compile(r"\bgamification\.v1\.(\w+_pb2(?:_grpc)?)\b")


def generate() -> None:
    from grpc_tools import protoc  # a build requirement

    import grpc_tools

    protos = sorted(PROTO_ROOT.glob("gamification/v1/*.proto"))
    if not protos:
        if OUT.is_dir() and any(OUT.glob("*_pb2.py")):
            return  # built before (an sdist without the repository's protos)
        raise SystemExit(f"no protos under {PROTO_ROOT}: build from the repository")
    well_known = pathlib.Path(grpc_tools.__file__).parent / "_proto"
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            "grpc_tools.protoc",
            f"-I{PROTO_ROOT}",
            f"-I{well_known}",
            f"--python_out={tmp}",
            f"--grpc_python_out={tmp}",
            f"--mypy_out={tmp}",
            f"--mypy_grpc_out={tmp}",
            *[str(p.relative_to(PROTO_ROOT)) for p in protos],
        ]
        if protoc.main(args) != 0:
            raise SystemExit("protoc failed")
        if OUT.exists():
            shutil.rmtree(OUT)
        OUT.mkdir(parents=True)
        for path in sorted((pathlib.Path(tmp) / "gamification" / "v1").iterdir()):
            text = path.read_text()
            text = IMPORT.sub("from gamification_client.v1 import", text)
            text = MODULE.sub(r"gamification_client.v1.\1", text)
            (OUT / path.name).write_text(text)
    (OUT / "__init__.py").write_text('"""Generated from proto/gamification/v1 at build time."""\n')


# Before setup(): egg_info already needs the package directory to exist.
generate()
setup()
