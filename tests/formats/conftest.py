from pathlib import Path

import pytest
import samples


@pytest.fixture(scope="session")
def sample_files(tmp_path_factory) -> dict[str, Path]:
    """Every sample file of samples.py, written once per session."""
    return samples.write_all(tmp_path_factory.mktemp("samples"))
