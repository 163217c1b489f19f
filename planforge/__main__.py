"""Allow ``python -m planforge``."""

import gc

# Collect garbage less often from the start, so the CLI's own imports profit too (see
# planforge.cli._fewer_collections, which does the same for the installed command).
gc.set_threshold(50_000, *gc.get_threshold()[1:])

from planforge.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
