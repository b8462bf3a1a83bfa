"""Export time per format for the IOM seed release (target: under 300 ms each).

    .venv/bin/python bench/release_bench.py [path/to/release.txt]

The first call of a format pays one-off costs (template compilation, font registration);
both the first and the median of the following runs are printed.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

from PIL import Image

from pressdesk.domain.releases import Photo
from pressdesk.formats.release_export import (
    build_docx,
    build_email,
    build_pdf,
    render_html,
    render_markdown,
    render_text,
)
from pressdesk.formats.release_text import parse_release_text

SEED = Path("/work/shared/samples/iom-turkmenistan-release-2022-12-09.txt")
RUNS = 20


def _photo() -> Photo:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 90, 160)).save(out, format="JPEG", quality=85)
    return Photo(out.getvalue(), "image/jpeg", "photo.jpg")


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    release = parse_release_text(text).release
    print(f"{'parse':>6}: {(time.perf_counter() - started) * 1000:7.1f} ms")
    release.photo = _photo()
    writers = {
        "txt": lambda: render_text(release),
        "md": lambda: render_markdown(release),
        "html": lambda: render_html(release),
        "docx": lambda: build_docx(release),
        "pdf": lambda: build_pdf(release),
        "eml": lambda: build_email(release, sender="press@example.org").as_bytes(),
    }
    print(f"{'':>6}  {'first':>10}  {'median':>10}   (photo 1200x800 JPEG, {RUNS} runs)")
    for name, write in writers.items():
        timings = []
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            write()
            timings.append((time.perf_counter() - started) * 1000)
        first, rest = timings[0], statistics.median(timings[1:])
        flag = "" if max(first, rest) < 300 else "  over target"
        print(f"{name:>6}: {first:7.1f} ms  {rest:7.1f} ms{flag}")


if __name__ == "__main__":
    main()
